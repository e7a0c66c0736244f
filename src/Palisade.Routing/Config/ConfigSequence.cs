using System.Collections.Immutable;

namespace Palisade.Routing.Config;

internal sealed class ConfigSequence(ImmutableArray<ConfigNode> items, SourcePosition position) : ConfigNode(position)
{
    public ImmutableArray<ConfigNode> Items { get; } = items;

    public override string KindName => "a list";
}
