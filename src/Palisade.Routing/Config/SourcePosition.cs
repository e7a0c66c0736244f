namespace Palisade.Routing.Config;

/// <summary>1-based line and column of a YAML node in the file.</summary>
internal readonly record struct SourcePosition(int Line, int Column)
{
    public static SourcePosition WholeFile { get; } = new(0, 0);
}
