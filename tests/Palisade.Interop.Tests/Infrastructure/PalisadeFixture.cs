using System.Security.Cryptography.X509Certificates;
using Palisade.Sip.Transport.Tls;

namespace Palisade.Interop.Tests.Infrastructure;

/// <summary>One running node shared by the tests of a collection (starting a process per test would dominate the run).</summary>
public sealed class PalisadeFixture : IAsyncLifetime
{
    private PalisadeProcess? _node;

    internal PalisadeProcess Node => _node ?? throw new InvalidOperationException("the node is not started");

    public async Task InitializeAsync() => _node = await PalisadeProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_node is not null)
            await _node.DisposeAsync();
    }

    /// <summary>
    /// The node's lab CA (to trust the server) and a client certificate with its key in one PEM file, issued by the
    /// same CA, so a peer can do mutual TLS as Microsoft's SIP proxy does.
    /// </summary>
    internal (string CaPath, string ClientPemPath) ClientCredentials(string name = "peer.lab.example.net")
    {
        using LabCertificateAuthority ca = LabCertificateAuthority.OpenOrCreate(Node.DataDirectory);
        using X509Certificate2 client = ca.IssueCertificate(name, includeWildcard: false);
        string path = Path.Combine(Node.Directory, name + ".pem");
        using var rsa = client.GetRSAPrivateKey()!;
        File.WriteAllText(path, client.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem() + "\n");
        return (ca.CaCertificatePath, path);
    }
}

[CollectionDefinition(Name)]
public sealed class PalisadeCollection : ICollectionFixture<PalisadeFixture>
{
    public const string Name = "palisade node";
}
