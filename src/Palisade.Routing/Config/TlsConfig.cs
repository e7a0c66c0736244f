namespace Palisade.Routing.Config;

/// <summary><c>tls</c>: <see cref="CertificateMode"/> is the scalar form (<c>auto</c>), <see cref="Certificate"/> the mapping form.</summary>
internal sealed record TlsConfig(
    ConfigScalar? CertificateMode,
    CertificateConfig? Certificate,
    ConfigScalar? Trust,
    ConfigScalar? MinVersion,
    ConfigScalar? ClientCertificates,
    SourcePosition Position);
