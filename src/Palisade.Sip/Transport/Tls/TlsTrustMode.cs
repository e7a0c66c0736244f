namespace Palisade.Sip.Transport.Tls;

/// <summary>Which roots a peer certificate must chain to.</summary>
public enum TlsTrustMode
{
    /// <summary>Only the lab CA (configuration value "auto"): labs, tests, emulated Microsoft peers.</summary>
    LabCa,

    /// <summary>Only the roots in a PEM bundle file, e.g. the DigiCert/Microsoft roots Teams moved to (MC1213773, 2026).</summary>
    PemBundle,

    /// <summary>The operating system's trust store (configuration value "system").</summary>
    System,
}
