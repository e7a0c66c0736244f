namespace Palisade.Sip.Dns;

/// <summary>
/// Thrown when a SIP target resolves to nothing and at least one lookup failed (timeout, SERVFAIL, malformed reply),
/// as opposed to DNS saying the name or records do not exist, which yields an empty list.
/// </summary>
public sealed class DnsResolutionException : Exception
{
    public DnsResolutionException()
    {
    }

    public DnsResolutionException(string message)
        : base(message)
    {
    }

    public DnsResolutionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
