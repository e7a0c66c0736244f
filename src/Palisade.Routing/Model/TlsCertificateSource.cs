namespace Palisade.Routing.Model;

/// <summary>Where the SBC's own TLS certificate comes from.</summary>
public enum TlsCertificateSource
{
    /// <summary>A lab CA and a certificate for node.fqdn and *.node.fqdn, created once in the data directory.</summary>
    Auto,

    /// <summary>A PEM certificate (chain included) and a PEM private key.</summary>
    PemFiles,

    /// <summary>A PKCS#12 file, optionally password protected.</summary>
    Pfx,
}
