using System.Collections.Immutable;

namespace Palisade.Routing.Config;

/// <summary>A mapping with its entries in file order, duplicates included (the reader reports them).</summary>
internal sealed class ConfigMapping(ImmutableArray<KeyValuePair<ConfigNode, ConfigNode>> entries, SourcePosition position) : ConfigNode(position)
{
    public ImmutableArray<KeyValuePair<ConfigNode, ConfigNode>> Entries { get; } = entries;

    public override string KindName => "a mapping (key: value pairs)";
}
