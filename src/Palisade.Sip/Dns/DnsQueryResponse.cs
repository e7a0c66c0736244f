namespace Palisade.Sip.Dns;

/// <summary>
/// The outcome of one query to the nameservers: the accepted response, or why no usable response came back
/// (timeouts, SERVFAIL/REFUSED from every server, malformed packets).
/// </summary>
internal sealed record DnsQueryResponse(DnsMessage? Message, string? Error)
{
    public static DnsQueryResponse Success(DnsMessage message) => new(message, null);

    public static DnsQueryResponse Failure(string error) => new(null, error);
}
