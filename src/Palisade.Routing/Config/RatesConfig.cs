using System.Collections.Immutable;

namespace Palisade.Routing.Config;

/// <summary><c>trunks[].rates</c>: currency and prefix → price per minute, as written.</summary>
internal sealed record RatesConfig(
    ConfigScalar? Currency,
    ImmutableArray<KeyValuePair<ConfigScalar, ConfigScalar>> Prefixes,
    ConfigScalar? Billing,
    ConfigScalar? ConnectionFee,
    SourcePosition Position);
