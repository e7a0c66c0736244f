namespace Palisade.Routing.Config;

/// <summary>
/// A YAML node with its position. Palisade keeps its own small tree (rather than YamlDotNet's RepresentationModel)
/// so that duplicate keys become errors with a line number instead of an exception.
/// </summary>
internal abstract class ConfigNode(SourcePosition position)
{
    public SourcePosition Position { get; } = position;

    /// <summary>Plain-words name of the node type, for "must be a list, but it is a single value".</summary>
    public abstract string KindName { get; }
}
