namespace Palisade.Sip.Auth;

/// <summary>
/// The digest algorithms of RFC 7616 §3.3 and RFC 8760 (IANA "HTTP Digest Hash Algorithms"). The "-sess"
/// variants hash the client nonce into HA1 (RFC 7616 §3.4.2). <see cref="Unknown"/> marks a challenge whose
/// algorithm this implementation does not understand: RFC 2617 §3.2.1 says such a challenge is ignored.
/// </summary>
public enum DigestAlgorithm : byte
{
    Unknown = 0,
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
    /// <summary>"SHA-512-256": SHA-512/256 of FIPS 180-4 §6.7 (its own initial hash value), not truncated SHA-512.</summary>
    Sha512t256,
    Sha512t256Sess,
}
