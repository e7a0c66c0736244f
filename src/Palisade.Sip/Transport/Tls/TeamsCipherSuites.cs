using System.Net.Security;
using System.Runtime.Versioning;

namespace Palisade.Sip.Transport.Tls;

/// <summary>
/// The cipher suites Microsoft Teams Direct Routing requires of an SBC since the TLS 1.0/1.1 retirement
/// (learn.microsoft.com/microsoftteams/direct-routing-whats-new, 2022-04-03), plus the TLS 1.3 suites (RFC 8446
/// §B.4). All four TLS 1.2 suites are ECDHE-RSA, which is why the SBC needs an RSA certificate.
/// </summary>
internal static class TeamsCipherSuites
{
    public static readonly TlsCipherSuite[] Tls12 =
    [
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
    ];

    public static readonly TlsCipherSuite[] Tls13 =
    [
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    ];

    public static bool IsTeamsTls12Suite(TlsCipherSuite suite) => Array.IndexOf(Tls12, suite) >= 0;

    /// <summary>
    /// The policy handed to SslStream. CipherSuitesPolicy is implemented on OpenSSL (Linux) and Apple platforms
    /// only; on Windows SChannel's suite order is machine-wide (set with Enable-TlsCipherSuite), so callers get
    /// null there and the OS configuration applies.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    public static CipherSuitesPolicy CreatePolicy(bool includeTls12)
    {
        var suites = new List<TlsCipherSuite>(Tls12.Length + Tls13.Length);
        if (includeTls12)
            suites.AddRange(Tls12);
        suites.AddRange(Tls13);
        return new CipherSuitesPolicy(suites);
    }
}
