namespace Palisade.Routing.Config;

/// <summary>One problem in a configuration file. <see cref="Line"/> and <see cref="Column"/> are 1-based; 0 when the problem is the file as a whole.</summary>
public sealed record ConfigError(string File, int Line, int Column, string Message)
{
    /// <summary>Compiler style, so editors and CI annotate the right line: <c>file:line:col: message</c>.</summary>
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
