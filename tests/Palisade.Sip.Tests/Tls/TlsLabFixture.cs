using System.Net.Security;
using System.Security.Authentication;
using Palisade.Sip.Transport.Tls;

namespace Palisade.Sip.Tests.Tls;

/// <summary>
/// One lab PKI shared by the handshake tests: the SBC ("sbc.lab.test", from the lab files), an emulated Microsoft
/// SIP proxy ("sip.pstnhub.microsoft.com") and a plain client, all issued by the lab CA; plus a certificate from
/// a second, untrusted lab CA. RSA key generation is the slow part, so it is done once.
/// </summary>
public sealed class TlsLabFixture : IDisposable
{
    public const string SbcFqdn = "sbc.lab.test";
    public const string MicrosoftFqdn = "sip.pstnhub.microsoft.com";

    private readonly TestDirectory _directory = new();
    private readonly TestDirectory _otherDirectory = new();

    public TlsLabFixture()
    {
        Lab = LabCertificateAuthority.OpenOrCreate(_directory.Path);
        LabLeafCertificate leaf = Lab.EnsureLeafCertificate(SbcFqdn);
        Sbc = CertificateLoader.LoadPem(leaf.CertificatePath, leaf.KeyPath);
        Microsoft = CertificateLoader.FromCertificate(Lab.IssueCertificate(MicrosoftFqdn, includeWildcard: false));
        Client = CertificateLoader.FromCertificate(Lab.IssueCertificate("client.lab.test", includeWildcard: false));
        Trust = TlsTrust.Resolve("auto", Lab.CaCertificatePath);

        OtherLab = LabCertificateAuthority.OpenOrCreate(_otherDirectory.Path);
        Untrusted = CertificateLoader.FromCertificate(OtherLab.IssueCertificate("intruder.lab.test", includeWildcard: false));
    }

    public LabCertificateAuthority Lab { get; }

    public LabCertificateAuthority OtherLab { get; }

    public LoadedCertificate Sbc { get; }

    public LoadedCertificate Microsoft { get; }

    public LoadedCertificate Client { get; }

    public LoadedCertificate Untrusted { get; }

    public TlsTrust Trust { get; }

    internal string LabDirectory => _directory.Path;

    public TlsPolicy Policy(LoadedCertificate local, Action<TlsRejection>? rejected = null, SslProtocols minimum = SslProtocols.Tls12) =>
        new(local, Trust, minimum) { Rejected = rejected };

    public void Dispose()
    {
        Sbc.Dispose();
        Microsoft.Dispose();
        Client.Dispose();
        Untrusted.Dispose();
        Trust.Dispose();
        Lab.Dispose();
        OtherLab.Dispose();
        _directory.Dispose();
        _otherDirectory.Dispose();
    }
}
