namespace Palisade.Sip.Transport.Tls;

/// <summary>The SBC's lab leaf certificate on disk, as ensured by <see cref="LabCertificateAuthority.EnsureLeafCertificate"/>.</summary>
/// <param name="Fqdn">The FQDN the certificate was issued for (SANs FQDN and *.FQDN).</param>
/// <param name="CertificatePath">PEM file with the chain leaf then lab CA.</param>
/// <param name="KeyPath">PEM PKCS#8 private key, mode 0600 on Unix.</param>
/// <param name="NotAfter">End of validity.</param>
/// <param name="Created">True when this call (re)generated the files; false when existing ones were reused.</param>
/// <param name="Reason">Why it was (re)generated, or "reused".</param>
public sealed record LabLeafCertificate(string Fqdn, string CertificatePath, string KeyPath, DateTimeOffset NotAfter, bool Created, string Reason);
