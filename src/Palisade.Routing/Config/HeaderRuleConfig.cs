using System.Collections.Immutable;

namespace Palisade.Routing.Config;

/// <summary>One item of <c>header-rules.in</c> / <c>.out</c>; <see cref="Methods"/> is default when absent.</summary>
internal sealed record HeaderRuleConfig(
    ConfigScalar? Action,
    ConfigScalar? Header,
    ConfigScalar? Value,
    ConfigScalar? Match,
    ImmutableArray<ConfigScalar> Methods,
    SourcePosition Position);
