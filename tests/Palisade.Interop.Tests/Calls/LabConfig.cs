using System.Globalization;
using System.Net;
using System.Text;

namespace Palisade.Interop.Tests.Calls;

/// <summary>
/// Writes the part of a <c>palisade.yaml</c> a call test needs, in the shape of ../shared/examples/lab.yaml: the Teams
/// names in <c>dns.static</c>, the lab tenants and numbers, the trunks of the test (each endpoint where that test's
/// SIPp peer listens) and its routes. The node section, TLS and the listeners (named udp, tcp and tls, on free ports
/// of 127.0.0.1) come from <see cref="Infrastructure.PalisadeProcess.Config"/>.
/// </summary>
internal sealed class LabConfig
{
    public const string CarrierFailoverCodes = "[408, 500, 502, 503, 504]";

    private readonly List<string> _trunks = [];
    private readonly List<string> _routes = [];
    private int _contosoMaxCalls = 50;

    /// <summary>A carrier on UDP: endpoints at <paramref name="address"/> on each port (tried in order), calls allowed from that address.</summary>
    public LabConfig Carrier(string id, IPAddress address, int[] ports, string? rates = null, string failoverCodes = CarrierFailoverCodes) =>
        Trunk(id, "carrier", address, ports, failoverCodes, rates);

    public LabConfig Carrier(string id, IPAddress address, int port, string? rates = null) => Carrier(id, address, [port], rates);

    /// <summary>An on-premises PBX on UDP (lab.yaml's pbx: no failover codes of its own).</summary>
    public LabConfig Pbx(string id, IPAddress address, int port) => Trunk(id, "pbx", address, [port], null, null);

    /// <summary>
    /// The Teams trunk exactly as lab.yaml has it: sip, sip2 and sip3.pstnhub.microsoft.com on 5061 over TLS (all three
    /// point at 127.0.0.3 through dns.static), on the tls listener, calls allowed from 127.0.0.3.
    /// </summary>
    public LabConfig Teams()
    {
        _trunks.Add($"""
              - id: teams
                kind: teams
                listener: tls
                endpoints:
                  - {"{"} host: {CallLab.TeamsProxy},  port: 5061, transport: tls {"}"}
                  - {"{"} host: sip2.pstnhub.microsoft.com, port: 5061, transport: tls {"}"}
                  - {"{"} host: sip3.pstnhub.microsoft.com, port: 5061, transport: tls {"}"}
                allow-from: [{CallLab.TeamsAddress}/32]
                probe: {"{"} enabled: false {"}"}
                failover-codes: [408, 503, 504]
            """);
        return this;
    }

    /// <summary>One route as a YAML flow mapping, e.g. <c>{ id: a-to-b, from: [carrier-a], called: '^\+', to: [carrier-b] }</c>.</summary>
    public LabConfig Route(string flowMapping)
    {
        _routes.Add("  - " + flowMapping);
        return this;
    }

    public LabConfig ContosoMaxCalls(int maxCalls)
    {
        _contosoMaxCalls = maxCalls;
        return this;
    }

    private LabConfig Trunk(string id, string kind, IPAddress address, int[] ports, string? failoverCodes, string? rates)
    {
        var sb = new StringBuilder();
        sb.Append("  - id: ").Append(id).Append('\n');
        sb.Append("    kind: ").Append(kind).Append('\n');
        sb.Append("    listener: udp\n");
        sb.Append("    endpoints:\n");
        foreach (int port in ports)
            sb.Append("      - { host: ").Append(address).Append(", port: ").Append(port.ToString(CultureInfo.InvariantCulture)).Append(", transport: udp }\n");
        sb.Append("    allow-from: [").Append(address).Append("/32]\n");
        // No OPTIONS probes: a SIPp scenario is one call, an unexpected OPTIONS would fail it.
        sb.Append("    probe: { enabled: false }\n");
        if (failoverCodes is not null)
            sb.Append("    failover-codes: ").Append(failoverCodes).Append('\n');
        if (rates is not null)
            sb.Append("    rates: ").Append(rates).Append('\n');
        _trunks.Add(sb.ToString().TrimEnd('\n'));
        return this;
    }

    /// <summary>The YAML appended after the listeners (top-level keys at column 0).</summary>
    public string Yaml() => $"""
        dns:
          static:
            {CallLab.TeamsProxy}: {CallLab.TeamsAddress}
            sip2.pstnhub.microsoft.com: {CallLab.TeamsAddress}
            sip3.pstnhub.microsoft.com: {CallLab.TeamsAddress}
        tenants:
          - {"{"} id: contoso, name: Contoso Ltd, teams-fqdn: {CallLab.ContosoFqdn}, max-calls: {_contosoMaxCalls.ToString(CultureInfo.InvariantCulture)} {"}"}
          - {"{"} id: fabrikam, name: Fabrikam Inc, teams-fqdn: fabrikam.sbc.lab.example.net, max-calls: 20 {"}"}
        trunks:
        {string.Join('\n', _trunks)}
        numbers:
          - {"{"} number: "{CallLab.Alice}", tenant: contoso, user: alice@contoso.com {"}"}
          - {"{"} number: "+14255550101", tenant: contoso, user: bob@contoso.com {"}"}
          - {"{"} range: "+14255550200..+14255550299", tenant: contoso {"}"}
          - {"{"} number: "+442071230100", tenant: fabrikam, user: carol@fabrikam.com {"}"}
        routes:
        {string.Join('\n', _routes)}

        """;
}
