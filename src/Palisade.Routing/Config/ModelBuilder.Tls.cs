using System.Security.Authentication;
using Palisade.Routing.Model;

namespace Palisade.Routing.Config;

internal sealed partial class ModelBuilder
{
    private const string TlsContext = "the tls section";
    private const string CertificateShapes = "expected 'auto' or a mapping { cert: FILE, key: FILE } or { pfx: FILE, password: … }";

    private TlsModel? BuildTls(TlsConfig? config)
    {
        var before = diagnostics.Count;
        var model = new TlsModel { Certificate = TlsCertificateSource.Auto, Trust = TlsTrustSource.Auto, MinVersion = SslProtocols.Tls12 };

        if (config?.CertificateMode is { } mode && !string.Equals(mode.Value, "auto", StringComparison.OrdinalIgnoreCase))
        {
            values.Bad(mode, "certificate", TlsContext, CertificateShapes);
        }

        if (config?.Certificate is { } certificate)
        {
            model = BuildCertificate(certificate, model);
        }

        if (config?.Trust is { } trust)
        {
            if (string.Equals(trust.Value, "auto", StringComparison.OrdinalIgnoreCase))
            {
                model = model with { Trust = TlsTrustSource.Auto };
            }
            else if (string.Equals(trust.Value, "system", StringComparison.OrdinalIgnoreCase))
            {
                model = model with { Trust = TlsTrustSource.System };
            }
            else if (ExistingFile(trust, "trust bundle") is { } path)
            {
                model = model with { Trust = TlsTrustSource.File, TrustPath = path };
            }
        }

        if (config?.MinVersion is { } version)
        {
            var protocol = version.Value switch
            {
                "1.2" => SslProtocols.Tls12,
                "1.3" => SslProtocols.Tls13,
                _ => SslProtocols.None,
            };
            if (protocol == SslProtocols.None)
            {
                values.Bad(version, "min-version", TlsContext, "expected \"1.2\" or \"1.3\"; Microsoft Teams requires TLS 1.2 or later");
            }
            else
            {
                model = model with { MinVersion = protocol };
            }
        }

        if (config?.ClientCertificates is { } clients)
        {
            if (string.Equals(clients.Value, "required", StringComparison.OrdinalIgnoreCase))
            {
                model = model with { RequireClientCertificate = true };
            }
            else if (string.Equals(clients.Value, "optional", StringComparison.OrdinalIgnoreCase))
            {
                model = model with { RequireClientCertificate = false };
            }
            else
            {
                values.Bad(clients, "client-certificates", TlsContext, "expected 'required' (mutual TLS, what Teams does) or 'optional'");
            }
        }

        return diagnostics.Count > before ? null : model;
    }

    private TlsModel BuildCertificate(CertificateConfig config, TlsModel model)
    {
        if (config.Pfx is not null && (config.Cert is not null || config.Key is not null))
        {
            diagnostics.Add(config.Position, "tls.certificate mixes 'pfx' with 'cert'/'key'; use either { cert, key } or { pfx, password }");
            return model;
        }

        if (config.Pfx is { } pfx)
        {
            return ExistingFile(pfx, "PFX file") is { } path
                ? model with { Certificate = TlsCertificateSource.Pfx, CertificatePath = path, PfxPassword = config.Password?.Value }
                : model;
        }

        if (config.Password is not null)
        {
            diagnostics.Add(config.Password, "'password' in tls.certificate only applies to a 'pfx' file");
        }

        if (config.Cert is null || config.Key is null)
        {
            diagnostics.Add(config.Position, config.Cert is null && config.Key is null
                ? $"tls.certificate is empty; {CertificateShapes}"
                : $"tls.certificate has '{(config.Cert is null ? "key" : "cert")}' but no '{(config.Cert is null ? "cert" : "key")}'; a PEM certificate needs both");
            return model;
        }

        var cert = ExistingFile(config.Cert, "certificate file");
        var key = ExistingFile(config.Key, "key file");
        return cert is not null && key is not null
            ? model with { Certificate = TlsCertificateSource.PemFiles, CertificatePath = cert, KeyPath = key }
            : model;
    }

    /// <summary>Only checks the file exists (relative paths are relative to the config file); reading it is the server's job.</summary>
    private string? ExistingFile(ConfigScalar value, string noun)
    {
        var path = Path.GetFullPath(Path.Combine(baseDirectory, value.Value));
        if (File.Exists(path))
        {
            return path;
        }

        values.Bad(value, noun, TlsContext, $"the file does not exist (looked for {path})");
        return null;
    }
}
