using System.Collections.Immutable;

namespace Palisade.Routing.Config;

/// <summary><c>trunks[].header-rules</c>: <c>{ in: [...], out: [...] }</c>; an absent list is empty.</summary>
internal sealed record HeaderRulesConfig(ImmutableArray<HeaderRuleConfig> In, ImmutableArray<HeaderRuleConfig> Out, SourcePosition Position);
