namespace Palisade.Routing.Config;

/// <summary>Collects every problem of one load; nothing stops at the first error.</summary>
internal sealed class ConfigDiagnostics(string file)
{
    private readonly List<ConfigError> errors = [];

    public string File { get; } = file;

    public int Count => errors.Count;

    public void Add(SourcePosition at, string message) =>
        errors.Add(new ConfigError(File, at.Line, at.Column, message));

    public void Add(ConfigNode at, string message) => Add(at.Position, message);

    /// <summary>By position, keeping discovery order for the same position (OrderBy is stable).</summary>
    public IReadOnlyList<ConfigError> Sorted() =>
        [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
}
