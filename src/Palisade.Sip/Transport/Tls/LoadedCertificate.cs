using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Sip.Transport.Tls;

/// <summary>
/// A local certificate ready for SslStream: leaf with private key, its intermediates, and the
/// <see cref="SslStreamCertificateContext"/> that makes SslStream send the full chain in the handshake — as a
/// server and, through <see cref="SslClientAuthenticationOptions.ClientCertificateContext"/>, as a client.
/// </summary>
public sealed class LoadedCertificate : IDisposable
{
    internal LoadedCertificate(
        X509Certificate2 certificate, X509Certificate2Collection intermediates, SslStreamCertificateContext context, string source, IReadOnlyList<string> warnings)
    {
        Certificate = certificate;
        Intermediates = intermediates;
        Context = context;
        Source = source;
        Warnings = warnings;
        Identity = TlsPeerIdentity.FromCertificate(certificate);
    }

    /// <summary>The leaf, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The other certificates from the file (intermediates, possibly the root), sent after the leaf.</summary>
    public X509Certificate2Collection Intermediates { get; }

    public SslStreamCertificateContext Context { get; }

    /// <summary>Where it came from, for logs ("/etc/palisade/sbc.pem + /etc/palisade/sbc.key").</summary>
    public string Source { get; }

    /// <summary>Problems that do not stop start-up but will likely break Teams (ECDSA key, missing EKU, near expiry, incomplete chain).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Subject, SANs and validity of the leaf, for logs.</summary>
    public TlsPeerIdentity Identity { get; }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (X509Certificate2 intermediate in Intermediates)
            intermediate.Dispose();
    }
}
