namespace Palisade.Sip.Auth;

/// <summary>What <see cref="DigestServer.Verify"/> concluded about a request's credentials.</summary>
public enum DigestOutcome : byte
{
    /// <summary>The credentials are right and the nonce is current.</summary>
    Ok,

    /// <summary>
    /// No Digest credentials for this realm: answer with a challenge. Proxy-Authorization for other realms counts as
    /// missing (those belong to other proxies, RFC 3261 §22.3); Authorization for another realm is <see cref="Invalid"/>.
    /// </summary>
    Missing,

    /// <summary>
    /// The credentials are right for a nonce this server issued, but the nonce has expired: answer with a new
    /// challenge carrying stale=true, so the client retries without treating its password as wrong (RFC 2617 §3.2.1).
    /// </summary>
    Stale,

    /// <summary>
    /// Wrong response, unknown user, realm or uri mismatch, a nonce this server did not issue (for this realm and
    /// algorithm), no qop, an unknown algorithm, or malformed credentials.
    /// </summary>
    Invalid,
}
