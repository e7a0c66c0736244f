using Palisade.Routing.Config;
using Palisade.Routing.Model;

namespace Palisade.Routing.Tests.Engine;

/// <summary>A small multi-tenant topology for routing tests; each test adds its own routes.</summary>
internal static class TestWorld
{
    public const string Base = """
        listeners:
          - { name: public-udp, transport: udp, address: 127.0.0.1, port: 5060 }
          - { name: teams-tls, transport: tls, address: 127.0.0.1, port: 5061 }

        tenants:
          - { id: contoso, teams-fqdn: contoso.sbc.example.net }
          - { id: fabrikam, teams-fqdn: fabrikam.sbc.example.net }
          - { id: closed, teams-fqdn: closed.sbc.example.net, enabled: false }
          - { id: small, teams-fqdn: small.sbc.example.net, max-calls: 2 }

        trunks:
          - id: carrier-a
            kind: carrier
            listener: public-udp
            endpoints: [{ host: 192.0.2.10 }]
            allow-from: [192.0.2.0/24]
            max-calls: 10
            failover-codes: [503]
            rates: { currency: USD, prefixes: { "+1": 0.0040, "+44": 0.0065 } }
            number-rules:
              in:
                - { match: '^00(\d+)$', replace: '+$1' }
                - { match: '^(\d{10})$', replace: '+1$1', field: called }
              out:
                - { match: '^\+(\d+)$', replace: '00$1', field: called }
          - id: carrier-b
            kind: carrier
            listener: public-udp
            endpoints: [{ host: 192.0.2.20 }]
            allow-from: [192.0.2.20/32]
            rates: { currency: USD, prefixes: { "+1": 0.0055, "+44": 0.0050 } }
          - id: carrier-c
            kind: carrier
            endpoints: [{ host: 198.51.100.5 }]
            allow-from: [198.51.100.0/24]
            rates: { currency: EUR, prefixes: { "+1": 0.0010 } }
          - id: pbx
            kind: pbx
            tenant: contoso
            listener: public-udp
            endpoints: [{ host: 10.0.0.5 }]
            allow-from: [10.0.0.5/32]
          - id: teams
            kind: teams
            listener: teams-tls
            endpoints:
              - { host: sip.pstnhub.microsoft.com }
              - { host: sip2.pstnhub.microsoft.com }
            allow-from: [52.112.0.0/14, 52.120.0.0/14]

        numbers:
          - { number: "+14255550100", tenant: contoso, user: alice@contoso.com }
          - { range: "+14255550200..+14255550299", tenant: contoso }
          - { number: "+14255550250", tenant: contoso, user: dave@contoso.com }
          - { number: "+14255550300", tenant: contoso, connectivity: operator-connect }
          - { number: "+442071230100", tenant: fabrikam, user: carol@fabrikam.com }
          - { range: "+442071230200..+442071230299", tenant: fabrikam }
          - { number: "+15550001111", tenant: closed }
          - { number: "+15550002222", tenant: small }

        """;

    /// <summary>Carriers to Teams with forward-on-failure, Teams out by least cost, extensions to the PBX.</summary>
    public const string Routes = """
        routes:
          - id: inbound
            from: [carrier-a, carrier-b, carrier-c]
            called: '^\+'
            to: [teams]
            forward-on-failure: { number: "+14255550999", via: carrier-a, label: "Fail-over" }
          - id: outbound
            from: [teams]
            called: '^\+(1|44)'
            select: least-cost
            to: [carrier-a, carrier-b, carrier-c]
          - id: extensions
            from: [teams]
            tenant: contoso
            called: '^\d{4}$'
            to: [pbx]
        """;

    public static PalisadeConfigModel Standard { get; } = Load(Base + Routes);

    public static PalisadeConfigModel Load(string yaml)
    {
        var result = ConfigLoader.LoadText(yaml, "test.yaml");
        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        return result.Model!;
    }

    public static PalisadeConfigModel WithRoutes(string routes) => Load(Base + routes);

    public static TrunkModel Trunk(this PalisadeConfigModel config, string id) => config.TrunksById[id];
}
