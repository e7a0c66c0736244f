namespace Palisade.Routing.Config;

/// <summary><c>tls.certificate</c> as a mapping: <c>{ cert, key }</c> or <c>{ pfx, password }</c>.</summary>
internal sealed record CertificateConfig(
    ConfigScalar? Cert,
    ConfigScalar? Key,
    ConfigScalar? Pfx,
    ConfigScalar? Password,
    SourcePosition Position);
