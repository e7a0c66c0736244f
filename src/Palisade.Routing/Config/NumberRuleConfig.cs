namespace Palisade.Routing.Config;

/// <summary>One item of <c>number-rules.in</c> / <c>.out</c>: <c>{ match, replace, field }</c>.</summary>
internal sealed record NumberRuleConfig(ConfigScalar? Match, ConfigScalar? Replace, ConfigScalar? Field, SourcePosition Position);
