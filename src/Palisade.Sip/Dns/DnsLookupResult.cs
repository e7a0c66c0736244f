namespace Palisade.Sip.Dns;

/// <summary>
/// The answer to (name, type): the records of that type, owned by <see cref="CanonicalName"/> when CNAMEs were followed.
/// </summary>
internal sealed record DnsLookupResult(
    DnsLookupStatus Status,
    IReadOnlyList<DnsRecord> Records,
    string CanonicalName,
    string? Error = null)
{
    public static DnsLookupResult Failed(string name, string error) => new(DnsLookupStatus.Failure, [], name, error);
}
