using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Palisade.Interop.Tests.Infrastructure;
using Palisade.Sip.Transport.Tls;

namespace Palisade.Interop.Tests.Calls;

/// <summary>
/// The lab of one call test: its own <c>palisade run --config</c> node (free ports on 127.0.0.1) and the SIP peers
/// around it on the loopback addresses of ../shared/examples/lab.yaml — carrier A 127.0.0.2, the Teams side
/// 127.0.0.3 (TLS through stunnel), carrier B 127.0.0.4, the PBX 127.0.0.5. Every process it starts is stopped when it
/// is disposed. The SIPp traces stay in <see cref="TraceDirectory"/> (one folder per test, replaced on each run) and
/// every failed check prints them.
/// </summary>
internal sealed class CallLab : IAsyncDisposable
{
    public const string Collection = "palisade calls";

    public static readonly IPAddress CarrierAAddress = IPAddress.Parse("127.0.0.2");
    public static readonly IPAddress TeamsAddress = IPAddress.Parse("127.0.0.3");
    public static readonly IPAddress CarrierBAddress = IPAddress.Parse("127.0.0.4");
    public static readonly IPAddress PbxAddress = IPAddress.Parse("127.0.0.5");
    /// <summary>An address no trunk allows.</summary>
    public static readonly IPAddress StrangerAddress = IPAddress.Parse("127.0.0.9");

    public const string TeamsProxy = "sip.pstnhub.microsoft.com";
    public const string ContosoFqdn = "contoso.sbc.lab.example.net";

    /// <summary>Contoso's Teams user (lab.yaml numbers).</summary>
    public const string Alice = "+14255550100";
    public const string AliceName = "Alice Contoso";

    /// <summary>A PSTN subscriber calling in through a carrier, or called from Teams.</summary>
    public const string PstnNumber = "+14255550123";
    public const string PstnName = "Dana Pstn";

    /// <summary>Where Microsoft's proxy accepts TLS (lab.yaml: 127.0.0.3:5061).</summary>
    public const int TeamsTlsPort = 5061;

    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(45);

    private readonly List<SippPeer> _peers = [];
    private readonly List<UdpSink> _sinks = [];
    private readonly List<Stunnel> _tunnels = [];
    private readonly string _test;

    private CallLab(PalisadeProcess node, string traceDirectory, string test)
    {
        Node = node;
        TraceDirectory = traceDirectory;
        _test = test;
    }

    public PalisadeProcess Node { get; }

    public string TraceDirectory { get; }

    /// <summary>Where carriers and the PBX send their calls: the node's UDP listener.</summary>
    public string NodeUdp => "127.0.0.1:" + Node.UdpPort.ToString(CultureInfo.InvariantCulture);

    public static async Task<CallLab> StartAsync(LabConfig config, [CallerMemberName] string test = "")
    {
        string traces = Path.Combine(Path.GetTempPath(), "palisade-calls", test);
        if (Directory.Exists(traces))
            Directory.Delete(traces, recursive: true);
        Directory.CreateDirectory(traces);
        PalisadeProcess node = await PalisadeProcess.StartAsync(extra: config.Yaml());
        try
        {
            File.Copy(Path.Combine(node.Directory, "palisade.yaml"), Path.Combine(traces, "palisade.yaml"));
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return new CallLab(node, traces, test);
    }

    /// <summary>A free port on a peer address, for a SIPp peer or a trunk endpoint.</summary>
    public static int FreePortOn(IPAddress address) => FreePort.Next(address);

    /// <summary>
    /// Starts a SIPp UAS (one call, then it exits) listening where a trunk endpoint names it, and waits until it
    /// listens. <paramref name="args"/> adds scenario options (-d, -key…).
    /// </summary>
    public async Task<SippPeer> CalleeAsync(string name, string scenario, IPAddress address, int port, string[]? args = null, bool tcp = false, int calls = 1)
    {
        SippPeer peer = SippPeer.Start(TraceDirectory, name, scenario, address, port, tcp, remote: null,
            ["-m", calls.ToString(CultureInfo.InvariantCulture), "-timeout", "40s", "-timeout_error", .. args ?? []]);
        _peers.Add(peer);
        await peer.WaitListeningAsync();
        return peer;
    }

    /// <summary>
    /// Starts a SIPp UAC placing one call to <paramref name="called"/> through <paramref name="remote"/> (the node's UDP
    /// listener unless given); it talks <paramref name="pauseMs"/> before hanging up (scenarios that hang up).
    /// </summary>
    public SippPeer StartCaller(string name, string scenario, IPAddress address, int port, string called,
        string number = PstnNumber, string display = PstnName, string? remote = null, string? domain = null, string? fromHost = null,
        bool tcp = false, int pauseMs = 500, int calls = 1)
    {
        SippPeer peer = SippPeer.Start(TraceDirectory, name, scenario, address, port, tcp, remote ?? NodeUdp,
        [
            "-m", calls.ToString(CultureInfo.InvariantCulture),
            // One call at a time, ten per second at most (several calls only where a test asks for them).
            "-l", "1", "-r", "10",
            "-s", called,
            "-key", "caller", number,
            "-key", "display", display,
            "-key", "domain", domain ?? NodeUdp,
            "-key", "from_host", fromHost ?? address.ToString(),
            "-d", pauseMs.ToString(CultureInfo.InvariantCulture),
            "-timeout", "30s", "-timeout_error",
        ]);
        _peers.Add(peer);
        return peer;
    }

    /// <summary>Places the call and waits for the caller's scenario to end.</summary>
    public async Task<SippPeer> CallAsync(string name, string scenario, IPAddress address, int port, string called,
        string number = PstnNumber, string display = PstnName, string? remote = null, string? domain = null, string? fromHost = null,
        bool tcp = false, int pauseMs = 500)
    {
        SippPeer peer = StartCaller(name, scenario, address, port, called, number, display, remote, domain, fromHost, tcp, pauseMs);
        await peer.WaitAsync(CallLimit);
        return peer;
    }

    /// <summary>A trunk endpoint that must stay silent.</summary>
    public UdpSink Sink(string name, IPAddress address, int port)
    {
        var sink = new UdpSink(name, address, port);
        _sinks.Add(sink);
        return sink;
    }

    /// <summary>
    /// The Teams side as Palisade dials it: stunnel on 127.0.0.3:5061 with a certificate for sip.pstnhub.microsoft.com
    /// issued by the node's lab CA, requiring Palisade's client certificate, in front of a SIPp on TCP at
    /// 127.0.0.3:<paramref name="sippPort"/>.
    /// </summary>
    public async Task<Stunnel> TeamsProxyServerAsync(int sippPort)
    {
        var accept = new IPEndPoint(TeamsAddress, TeamsTlsPort);
        if (PortTable.IsBound(accept.Address, accept.Port, tcp: true))
            throw new InvalidOperationException($"{accept} is taken by another process: the Teams proxy of lab.yaml cannot be emulated");
        (string ca, string pem) = TeamsCredentials();
        Stunnel tunnel = await Stunnel.ServerAsync(TraceDirectory, "teams-proxy-server", accept, new IPEndPoint(TeamsAddress, sippPort), pem, ca);
        _tunnels.Add(tunnel);
        return tunnel;
    }

    /// <summary>
    /// The Teams side dialling Palisade: stunnel accepting SIPp's TCP on 127.0.0.3:<paramref name="acceptPort"/> and
    /// connecting from 127.0.0.3 to the node's TLS listener with sip.pstnhub.microsoft.com's certificate, checking
    /// that the node presents the tenant's FQDN (carrier hosting).
    /// </summary>
    public async Task<Stunnel> TeamsProxyClientAsync(int acceptPort)
    {
        (string ca, string pem) = TeamsCredentials();
        Stunnel tunnel = await Stunnel.ClientAsync(TraceDirectory, "teams-proxy-client", new IPEndPoint(TeamsAddress, acceptPort),
            new IPEndPoint(PalisadeProcess.Address, Node.TlsPort), TeamsAddress, ContosoFqdn, pem, ca);
        _tunnels.Add(tunnel);
        return tunnel;
    }

    /// <summary>The lab CA the node created in its data directory, and a certificate + key for Microsoft's proxy name issued by it.</summary>
    private (string CaPath, string PemPath) TeamsCredentials()
    {
        string path = Path.Combine(TraceDirectory, TeamsProxy + ".pem");
        using LabCertificateAuthority ca = LabCertificateAuthority.OpenOrCreate(Node.DataDirectory);
        if (!File.Exists(path))
        {
            using X509Certificate2 certificate = ca.IssueCertificate(TeamsProxy, includeWildcard: false);
            using RSA key = certificate.GetRSAPrivateKey()!;
            File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        }
        return (ca.CaCertificatePath, path);
    }

    /// <summary>Fails with <paramref name="expectation"/> and everything every peer saw unless <paramref name="condition"/>.</summary>
    public void Check(bool condition, string expectation)
    {
        if (!condition)
            Assert.Fail(Report(expectation));
    }

    /// <summary>The caller's (or any finished peer's) scenario ran to its end: exit 0 and one successful call.</summary>
    public void CheckSucceeded(SippPeer peer, string expectation, int calls = 1)
    {
        (int ok, int failed) = peer.Statistics();
        Check(peer.HasExited && peer.ExitCode == 0 && ok == calls && failed == 0,
            $"{expectation}\n(SIPp {peer.Name}: exit {peer.ExitCode}, {ok} successful / {failed} failed call(s){(peer.TimedOut ? ", killed at the time limit" : "")})");
    }

    /// <summary>Waits for a UAS to end its one call, then checks it succeeded.</summary>
    public async Task CheckFinishedAsync(SippPeer peer, string expectation, int calls = 1)
    {
        await peer.WaitAsync(TimeSpan.FromSeconds(15));
        CheckSucceeded(peer, expectation, calls);
    }

    /// <summary>A sink that must have received nothing.</summary>
    public void CheckSilent(UdpSink sink, string expectation) => Check(sink.Received.Count == 0, expectation);

    /// <summary>The request methods a peer received, in order, retransmissions collapsed.</summary>
    public static List<string> RequestFlow(SippPeer peer)
    {
        var flow = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (TracedMessage m in peer.Received)
        {
            if (m.IsRequest && seen.Add(m.Method + " " + m.Header("CSeq") + " " + m.Branch))
                flow.Add(m.Method!);
        }
        return flow;
    }

    public string Report(string expectation)
    {
        var sb = new StringBuilder();
        sb.Append("EXPECTED: ").Append(expectation).Append("\n\n");
        sb.Append("test ").Append(_test).Append("; traces in ").Append(TraceDirectory).Append('\n');
        foreach (SippPeer p in _peers)
            sb.Append('\n').Append(p.Describe());
        foreach (UdpSink s in _sinks)
            sb.Append('\n').Append(s.Describe()).Append('\n');
        foreach (Stunnel t in _tunnels)
            sb.Append('\n').Append(t.Describe());
        sb.Append("\n== palisade run --config (node output)\n").Append(Node.Output);
        sb.Append("\n== config\n").Append(File.ReadAllText(Path.Combine(TraceDirectory, "palisade.yaml")));
        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (SippPeer p in _peers)
            await p.DisposeAsync();
        foreach (UdpSink s in _sinks)
            await s.DisposeAsync();
        foreach (Stunnel t in _tunnels)
            await t.DisposeAsync();
        await Node.DisposeAsync();
        try
        {
            await File.WriteAllTextAsync(Path.Combine(TraceDirectory, "node.log"), Node.Output);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(CallLab.Collection)]
public sealed class CallsCollection
{
    // One call test at a time: each starts its own node and up to four SIP peers on a 2-core machine, and the Teams
    // emulation needs 127.0.0.3:5061 for itself.
}
