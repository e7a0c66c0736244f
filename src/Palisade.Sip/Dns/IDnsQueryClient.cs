namespace Palisade.Sip.Dns;

/// <summary>Sends one question to the configured nameservers; the seam tests replace with canned answers.</summary>
internal interface IDnsQueryClient
{
    /// <summary>Never throws for network or protocol trouble (that is a failed <see cref="DnsQueryResponse"/>); only
    /// for cancellation through <paramref name="cancellationToken"/>.</summary>
    ValueTask<DnsQueryResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken);
}
