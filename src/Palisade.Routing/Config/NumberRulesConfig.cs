using System.Collections.Immutable;

namespace Palisade.Routing.Config;

/// <summary><c>trunks[].number-rules</c>: <c>{ in: [...], out: [...] }</c>; an absent list is empty.</summary>
internal sealed record NumberRulesConfig(ImmutableArray<NumberRuleConfig> In, ImmutableArray<NumberRuleConfig> Out, SourcePosition Position);
