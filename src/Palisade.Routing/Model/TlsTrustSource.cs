namespace Palisade.Routing.Model;

/// <summary>Which certificate authorities are accepted from TLS peers.</summary>
public enum TlsTrustSource
{
    /// <summary>The lab CA generated with <see cref="TlsCertificateSource.Auto"/>.</summary>
    Auto,

    /// <summary>A PEM bundle file.</summary>
    File,

    /// <summary>The operating system's root store.</summary>
    System,
}
