using System.Collections.Immutable;

namespace Palisade.Routing.Config;

/// <summary><c>dns.static</c>: host name → address, as written.</summary>
internal sealed record DnsConfig(ImmutableArray<KeyValuePair<ConfigScalar, ConfigScalar>> Static, SourcePosition Position);
