using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Sip.Transport.Tls;

/// <summary>
/// Builds SslStream options for SIP over TLS (RFC 3261 §26.2, RFC 5630) as Microsoft Teams Direct Routing wants it:
/// TLS 1.2 minimum (1.3 allowed), the four ECDHE-RSA suites Microsoft lists (direct-routing-whats-new), mutual TLS
/// both ways — the SIP proxy presents its certificate when it connects to us and rejects an SBC that dials it
/// without one — and SNI set to the name dialled (RFC 6066 §3). It is the <see cref="ITlsContext"/> the SIP
/// transport layer uses for TLS listeners and outbound TLS connections.
/// </summary>
public sealed class TlsPolicy : ITlsContext
{
    private readonly CipherSuitesPolicy? _cipherSuites;
    private readonly TimeProvider _time;
    private SslServerAuthenticationOptions? _serverOptions;

    /// <param name="localCertificate">The SBC's certificate: sent as server certificate and as client certificate.</param>
    /// <param name="trust">Roots peers must chain to.</param>
    /// <param name="minimumVersion"><see cref="SslProtocols.Tls12"/> (default) or <see cref="SslProtocols.Tls13"/>; see <see cref="ParseMinimumVersion"/>.</param>
    /// <param name="timeProvider">Clock for certificate validity checks.</param>
    public TlsPolicy(LoadedCertificate localCertificate, TlsTrust trust, SslProtocols minimumVersion = SslProtocols.Tls12, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(localCertificate);
        ArgumentNullException.ThrowIfNull(trust);
        if (minimumVersion is not (SslProtocols.Tls12 or SslProtocols.Tls13))
            throw new ArgumentOutOfRangeException(nameof(minimumVersion), minimumVersion, "The minimum TLS version must be 1.2 or 1.3.");

        LocalCertificate = localCertificate;
        Trust = trust;
        MinimumVersion = minimumVersion;
        EnabledProtocols = minimumVersion == SslProtocols.Tls13 ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13;
        _time = timeProvider ?? TimeProvider.System;
        if (!OperatingSystem.IsWindows())
            _cipherSuites = TeamsCipherSuites.CreatePolicy(includeTls12: minimumVersion == SslProtocols.Tls12);
    }

    public LoadedCertificate LocalCertificate { get; }

    public TlsTrust Trust { get; }

    public SslProtocols MinimumVersion { get; }

    /// <summary>TLS 1.2 and 1.3, or 1.3 only. TLS 1.0/1.1 are never enabled (retired by Teams on 2022-04-03, RFC 8996).</summary>
    public SslProtocols EnabledProtocols { get; }

    /// <summary>The restricted suite list (Teams' four + TLS 1.3), or null on Windows where SChannel's machine-wide list applies.</summary>
    public CipherSuitesPolicy? CipherSuites => _cipherSuites;

    /// <summary>As server, demand a client certificate (mutual TLS). On by default: Microsoft's SIP proxy always presents one.</summary>
    public bool RequireClientCertificate { get; init; } = true;

    /// <summary>Told why a peer certificate was refused (SslStream's own exception does not say).</summary>
    public Action<TlsRejection>? Rejected { get; init; }

    /// <summary>"1.2" or "1.3" (also "tls1.2", "TLSv1.3"); empty means 1.2. Anything else throws with the accepted values.</summary>
    public static SslProtocols ParseMinimumVersion(string? value)
    {
        string text = (value ?? string.Empty).Trim();
        if (text.StartsWith("tlsv", StringComparison.OrdinalIgnoreCase))
            text = text.Substring(4);
        else if (text.StartsWith("tls", StringComparison.OrdinalIgnoreCase))
            text = text.Substring(3);

        return text switch
        {
            "" or "1.2" => SslProtocols.Tls12,
            "1.3" => SslProtocols.Tls13,
            _ => throw new ArgumentException($"Unsupported minimum TLS version \"{value}\": use \"1.2\" or \"1.3\" (Teams requires 1.2 or later).", nameof(value)),
        };
    }

    /// <summary>
    /// One shared server options instance for the transport's accept loop: SslStream copies what it needs at
    /// AuthenticateAsServerAsync, and the validator keeps no per-connection state.
    /// </summary>
    SslServerAuthenticationOptions ITlsContext.ServerOptions => LazyInitializer.EnsureInitialized(ref _serverOptions, CreateServerOptions);

    SslClientAuthenticationOptions ITlsContext.ClientOptions(string hostName) => CreateClientOptions(hostName);

    /// <summary>Options for accepting a connection (Microsoft's SIP proxy dialling our FQDN).</summary>
    public SslServerAuthenticationOptions CreateServerOptions()
    {
        var validator = new RemoteCertificateValidator(Trust, asServer: true, RequireClientCertificate, _time, Rejected);
        return new SslServerAuthenticationOptions
        {
            // The context carries the intermediates, so the full chain goes out (see CertificateLoader).
            ServerCertificateContext = LocalCertificate.Context,
            ClientCertificateRequired = RequireClientCertificate,
            RemoteCertificateValidationCallback = validator.Validate,
            EnabledSslProtocols = EnabledProtocols,
            CipherSuitesPolicy = _cipherSuites,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            // SIP needs no renegotiation; refusing it removes the surface of CVE-2009-3555 (fixed by RFC 5746)
            // and of client-initiated renegotiation floods. TLS 1.3 has no renegotiation at all (RFC 8446 §4.6).
            AllowRenegotiation = false,
        };
    }

    /// <summary>
    /// Options for dialling <paramref name="targetHost"/> (e.g. sip.pstnhub.microsoft.com): it is sent as SNI and
    /// must be named by the server's certificate; our certificate and chain are presented as client certificate.
    /// </summary>
    public SslClientAuthenticationOptions CreateClientOptions(string targetHost)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetHost);
        var validator = new RemoteCertificateValidator(Trust, asServer: false, requireCertificate: true, _time, Rejected);
        return new SslClientAuthenticationOptions
        {
            TargetHost = targetHost.TrimEnd('.'),
            ClientCertificateContext = LocalCertificate.Context,
            RemoteCertificateValidationCallback = validator.Validate,
            EnabledSslProtocols = EnabledProtocols,
            CipherSuitesPolicy = _cipherSuites,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            AllowRenegotiation = false,
        };
    }
}
