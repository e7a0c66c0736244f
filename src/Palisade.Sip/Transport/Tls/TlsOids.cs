using System.Security.Cryptography;

namespace Palisade.Sip.Transport.Tls;

/// <summary>Object identifiers used when issuing and checking TLS certificates (RFC 5280 §4.2.1.12).</summary>
internal static class TlsOids
{
    /// <summary>id-kp-serverAuth, RFC 5280 §4.2.1.12.</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>id-kp-clientAuth, RFC 5280 §4.2.1.12.</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>anyExtendedKeyUsage, RFC 5280 §4.2.1.12.</summary>
    public const string AnyExtendedKeyUsage = "2.5.29.37.0";

    /// <summary>rsaEncryption public key algorithm, RFC 8017 appendix A.1.</summary>
    public const string RsaPublicKey = "1.2.840.113549.1.1.1";

    /// <summary>id-ecPublicKey, RFC 5480 §2.1.1.</summary>
    public const string EcPublicKey = "1.2.840.10045.2.1";

    public static Oid ServerAuthenticationOid() => new(ServerAuthentication, "Server Authentication");

    public static Oid ClientAuthenticationOid() => new(ClientAuthentication, "Client Authentication");
}
