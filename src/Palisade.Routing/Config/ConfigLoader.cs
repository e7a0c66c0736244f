using Palisade.Routing.Model;

namespace Palisade.Routing.Config;

/// <summary>
/// Loads a <c>palisade.yaml</c>: YAML → <c>*Config</c> (shape) → <c>*Model</c> (values, references, whole-file
/// checks). Reports every problem with its line and column and never throws for bad input. Pure apart from
/// reading the file itself and checking that TLS files it names exist.
/// </summary>
public static class ConfigLoader
{
    // A config is text written by a person; anything this large is a mistake (or an attack on `palisade check`).
    private const long MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>Reads and validates <paramref name="path"/>; relative TLS paths in it are relative to its folder.</summary>
    public static ConfigLoadResult LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                return Failed(path, $"the file is {info.Length} bytes; a configuration file is at most {MaxFileBytes / (1024 * 1024)} MiB");
            }

            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "the file does not exist",
                UnauthorizedAccessException => "permission denied",
                _ => ex.Message,
            };
            return Failed(path, $"cannot read the configuration file: {reason}");
        }

        return LoadText(text, path, BaseDirectoryOf(path));
    }

    /// <summary>Validates YAML text; <paramref name="fileName"/> is used in error messages and, without <paramref name="baseDirectory"/>, to resolve relative TLS paths.</summary>
    public static ConfigLoadResult LoadText(string yaml, string fileName, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fileName);
        var diagnostics = new ConfigDiagnostics(fileName);
        try
        {
            var root = YamlTreeReader.Read(yaml, diagnostics);
            if (diagnostics.Count > 0)
            {
                // A syntax error leaves no tree to check further.
                return new ConfigLoadResult(null, diagnostics.Sorted());
            }

            var config = new ConfigReader(diagnostics).Read(root);
            var model = new ModelBuilder(diagnostics, baseDirectory ?? BaseDirectoryOf(fileName)).Build(config);
            return new ConfigLoadResult(diagnostics.Count == 0 ? model : null, diagnostics.Sorted());
        }
#pragma warning disable CA1031 // The public contract is "never throw for bad input": a bug in a check must still come out as an error, not a crash of `palisade check`.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            diagnostics.Add(SourcePosition.WholeFile, $"internal error while checking the configuration ({ex.GetType().Name}: {ex.Message}); please report it");
            return new ConfigLoadResult(null, diagnostics.Sorted());
        }
    }

    /// <summary>The built-in configuration (<see cref="PalisadeConfigModel.EmbeddedDefault"/> caches it).</summary>
    public static PalisadeConfigModel LoadEmbeddedDefault()
    {
        var result = LoadText(EmbeddedDefaultConfig.Yaml, EmbeddedDefaultConfig.FileName, AppContext.BaseDirectory);
        return result.Model
            ?? throw new InvalidOperationException("the embedded default configuration is invalid: " + string.Join("; ", result.Errors));
    }

    /// <summary>The embedded default as YAML text, e.g. for <c>palisade config export</c> without a file.</summary>
    public static string EmbeddedDefaultYaml => EmbeddedDefaultConfig.Yaml;

    private static string BaseDirectoryOf(string path)
    {
        try
        {
            return Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return Directory.GetCurrentDirectory();
        }
    }

    private static ConfigLoadResult Failed(string path, string message) =>
        new(null, [new ConfigError(path, 0, 0, message)]);
}
