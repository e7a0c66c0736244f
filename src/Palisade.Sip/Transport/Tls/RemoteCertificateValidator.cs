using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Sip.Transport.Tls;

/// <summary>
/// Validates the peer's certificate for one side of a SIP/TLS connection. The platform's verdict
/// (<see cref="SslPolicyErrors"/>) is ignored and the chain rebuilt with our own policy, because:
/// (1) the trust anchors are ours (lab CA, a PEM bundle, or the system), (2) the host-name rule is RFC 2818 §3.1
/// with one-label wildcards as Microsoft specifies, and (3) as a server we must not demand the clientAuth EKU that
/// SslStream would: Microsoft's new SIP proxy certificates (2026, MC1213773) carry Server Authentication only,
/// and the proxy presents that same certificate when it connects to us.
/// </summary>
internal sealed class RemoteCertificateValidator(TlsTrust trust, bool asServer, bool requireCertificate, TimeProvider time, Action<TlsRejection>? rejected)
{
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? platformChain, SslPolicyErrors platformErrors)
    {
        string targetHost = sender is SslStream stream ? stream.TargetHostName : string.Empty;
        if (certificate is null)
            return !requireCertificate || Reject(targetHost, "the peer presented no certificate (mutual TLS is required)", null);

        X509Certificate2 peer = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            string? reason = Check(peer, platformChain, targetHost);
            return reason is null || Reject(targetHost, reason, TlsPeerIdentity.FromCertificate(peer));
        }
        finally
        {
            if (!ReferenceEquals(peer, certificate))
                peer.Dispose();
        }
    }

    private string? Check(X509Certificate2 peer, X509Chain? platformChain, string targetHost)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy = trust.CreateChainPolicy(time.GetUtcNow().UtcDateTime);
        // The intermediates the peer sent in its Certificate message (RFC 8446 §4.4.2) are what SslStream put in
        // the platform chain's ExtraStore; without them a correctly configured peer would look incomplete.
        if (platformChain is not null)
            chain.ChainPolicy.ExtraStore.AddRange(platformChain.ChainPolicy.ExtraStore);
        if (!asServer)
            chain.ChainPolicy.ApplicationPolicy.Add(TlsOids.ServerAuthenticationOid());

        if (!chain.Build(peer))
            return "certificate chain not trusted by " + trust.Description + ": " + DescribeStatus(chain);

        if (asServer)
            return HasTlsAuthenticationEku(peer) ? null : "the certificate's EKU allows neither client nor server authentication";

        // RFC 5922 §7.2 / RFC 2818 §3.1: the server must be the host we dialled.
        return HostNameMatcher.Matches(peer, targetHost) ? null : $"the certificate does not name \"{targetHost}\"";
    }

    private static bool HasTlsAuthenticationEku(X509Certificate2 certificate)
    {
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension is not X509EnhancedKeyUsageExtension eku)
                continue;
            foreach (Oid oid in eku.EnhancedKeyUsages)
            {
                if (oid.Value is TlsOids.ClientAuthentication or TlsOids.ServerAuthentication or TlsOids.AnyExtendedKeyUsage)
                    return true;
            }

            return false;
        }

        return true; // No EKU extension: unrestricted (RFC 5280 §4.2.1.12).
    }

    private static string DescribeStatus(X509Chain chain)
    {
        var parts = new List<string>();
        foreach (X509ChainStatus status in chain.ChainStatus)
            parts.Add(status.Status.ToString());
        return parts.Count == 0 ? "unknown" : string.Join(", ", parts);
    }

    private bool Reject(string targetHost, string reason, TlsPeerIdentity? peer)
    {
        rejected?.Invoke(new TlsRejection(asServer, targetHost, reason, peer));
        return false;
    }
}
