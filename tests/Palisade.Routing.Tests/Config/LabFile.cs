using Palisade.Routing.Config;

namespace Palisade.Routing.Tests.Config;

/// <summary>The shared lab.yaml contract, and broken copies of it built by exact text edits.</summary>
internal static class LabFile
{
    private static readonly Lazy<string> RepositoryRoot = new(FindRepositoryRoot);

    /// <summary>../shared/examples/lab.yaml relative to the repository root.</summary>
    public static string Path => System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot.Value, "..", "shared", "examples", "lab.yaml"));

    public static string Text => File.ReadAllText(Path);

    /// <summary>lab.yaml with each (old → new) edit applied; every old text must occur exactly once, so a changed contract fails loudly.</summary>
    public static string With(params (string Old, string New)[] edits)
    {
        var text = Text;
        foreach (var (old, replacement) in edits)
        {
            var first = text.IndexOf(old, StringComparison.Ordinal);
            Assert.True(first >= 0, $"lab.yaml no longer contains: {old}");
            Assert.True(text.IndexOf(old, first + 1, StringComparison.Ordinal) < 0, $"lab.yaml contains more than once: {old}");
            text = string.Concat(text.AsSpan(0, first), replacement, text.AsSpan(first + old.Length));
        }

        return text;
    }

    /// <summary>Loads text as if it were lab.yaml (same folder, so relative paths resolve the same way).</summary>
    public static ConfigLoadResult Load(string text) => ConfigLoader.LoadText(text, Path);

    /// <summary>1-based line of the only line containing <paramref name="marker"/>.</summary>
    public static int LineOf(string text, string marker)
    {
        var lines = text.Split('\n');
        var found = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(marker, StringComparison.Ordinal)).ToArray();
        Assert.True(found.Length == 1, $"expected exactly one line containing '{marker}', found {found.Length}");
        return found[0] + 1;
    }

    /// <summary>1-based column of <paramref name="marker"/> on its line.</summary>
    public static int ColumnOf(string text, string marker)
    {
        var line = text.Split('\n')[LineOf(text, marker) - 1];
        return line.IndexOf(marker, StringComparison.Ordinal) + 1;
    }

    /// <summary>Asserts the load failed and one error has this line and contains <paramref name="message"/>; returns it.</summary>
    public static ConfigError AssertError(ConfigLoadResult result, int line, string message)
    {
        Assert.Null(result.Model);
        var match = result.Errors.FirstOrDefault(e => e.Line == line && e.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(match is not null,
            $"no error on line {line} containing \"{message}\"; errors were:\n{string.Join('\n', result.Errors)}");
        return match!;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Palisade.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Palisade.slnx not found above " + AppContext.BaseDirectory);
    }
}
