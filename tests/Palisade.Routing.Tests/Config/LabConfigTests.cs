using System.Net;
using System.Security.Authentication;
using Palisade.Routing.Config;
using Palisade.Routing.Model;

namespace Palisade.Routing.Tests.Config;

public sealed class LabConfigTests
{
    private static PalisadeConfigModel LoadLab()
    {
        var result = ConfigLoader.LoadFile(LabFile.Path);
        Assert.True(result.Errors.Count == 0, string.Join('\n', result.Errors));
        Assert.True(result.Succeeded);
        return result.Model!;
    }

    [Fact]
    public void Lab_file_loads_without_errors()
    {
        var result = ConfigLoader.LoadFile(LabFile.Path);

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Model);
        Assert.Equal(LabFile.Path, result.Model.Source);
    }

    [Fact]
    public void Lab_node_dns_tls_and_media()
    {
        var model = LoadLab();

        Assert.Equal("sbc-lab-1", model.Node.Name);
        Assert.Equal("sbc.lab.example.net", model.Node.Fqdn);
        Assert.Equal("./data", model.Node.DataDirectory);
        Assert.Equal(3, model.Dns.Static.Count);
        Assert.Equal(IPAddress.Parse("127.0.0.3"), model.Dns.Static["SIP2.pstnhub.microsoft.com"]);
        Assert.Equal(TlsCertificateSource.Auto, model.Tls.Certificate);
        Assert.Equal(TlsTrustSource.Auto, model.Tls.Trust);
        Assert.Equal(SslProtocols.Tls12, model.Tls.MinVersion);
        Assert.Equal(IPAddress.Loopback, model.Media.Address);
        Assert.Equal((40000, 40999), (model.Media.PortMin, model.Media.PortMax));
    }

    [Fact]
    public void Lab_listeners()
    {
        var model = LoadLab();

        Assert.Equal(["public-udp", "public-tcp", "teams-tls"], model.Listeners.Select(l => l.Name));
        var tls = model.ListenersByName["teams-tls"];
        Assert.Equal(SipTransport.Tls, tls.Transport);
        Assert.Equal(IPAddress.Loopback, tls.Address);
        Assert.Equal(5061, tls.Port);
    }

    [Fact]
    public void Lab_tenants()
    {
        var model = LoadLab();

        Assert.Equal(["contoso", "fabrikam"], model.Tenants.Select(t => t.Id));
        var fabrikam = model.TenantsById["fabrikam"];
        Assert.Equal("Fabrikam Inc", fabrikam.Name);
        Assert.Equal("fabrikam.sbc.lab.example.net", fabrikam.TeamsFqdn);
        Assert.Equal(20, fabrikam.MaxCalls);
        Assert.True(fabrikam.Enabled);
    }

    [Fact]
    public void Lab_trunks()
    {
        var model = LoadLab();

        Assert.Equal(["carrier-a", "carrier-b", "pbx", "teams"], model.Trunks.Select(t => t.Id));

        var carrierA = model.TrunksById["carrier-a"];
        Assert.Equal(TrunkKind.Carrier, carrierA.Kind);
        Assert.Same(model.ListenersByName["public-udp"], carrierA.Listener);
        var endpoint = Assert.Single(carrierA.Endpoints);
        Assert.Equal(("127.0.0.2", 5060, SipTransport.Udp), (endpoint.Host, endpoint.Port, endpoint.Transport));
        Assert.Equal(IPNetwork.Parse("127.0.0.2/32"), Assert.Single(carrierA.AllowFrom));
        Assert.Equal(TimeSpan.FromSeconds(30), carrierA.Probe.Interval);
        Assert.Equal(SrtpPolicy.Off, carrierA.Media.Srtp);
        Assert.Equal(["PCMU", "PCMA", "telephone-event"], carrierA.Media.Codecs.ToArray());
        Assert.Equal([408, 500, 502, 503, 504], carrierA.FailoverCodes.ToArray());
        Assert.Equal("USD", carrierA.Rates!.Currency);
        Assert.Equal(0.0040m, carrierA.Rates.Prefixes["+1"]);
        Assert.Equal(0.0065m, carrierA.Rates.Prefixes["+44"]);

        var pbx = model.TrunksById["pbx"];
        Assert.Null(pbx.Rates);
        Assert.Equal(ProbeModel.Default, pbx.Probe);
        Assert.Empty(pbx.Media.Codecs);

        var teams = model.TrunksById["teams"];
        Assert.Equal(TrunkKind.Teams, teams.Kind);
        Assert.Equal(["sip.pstnhub.microsoft.com", "sip2.pstnhub.microsoft.com", "sip3.pstnhub.microsoft.com"], teams.Endpoints.Select(e => e.Host));
        Assert.All(teams.Endpoints, e => Assert.Equal((5061, SipTransport.Tls), (e.Port, e.Transport)));
        Assert.Equal([0, 1, 2], teams.Endpoints.Select(e => e.Priority));
        Assert.Equal(TimeSpan.FromSeconds(60), teams.Probe.Interval);
        Assert.Equal(SrtpPolicy.Required, teams.Media.Srtp);
        Assert.Equal([408, 503, 504], teams.FailoverCodes.ToArray());
    }

    [Fact]
    public void Lab_numbers()
    {
        var model = LoadLab();

        Assert.Equal(4, model.Numbers.Length);
        var alice = model.Numbers[0];
        Assert.Equal(("+14255550100", "alice@contoso.com", "contoso"), (alice.First, alice.User, alice.Tenant.Id));
        Assert.False(alice.IsRange);
        Assert.Equal(NumberConnectivity.DirectRouting, alice.Connectivity);

        var range = model.Numbers[2];
        Assert.True(range.IsRange);
        Assert.Equal(("+14255550200", "+14255550299"), (range.First, range.Last));
        Assert.True(range.Contains("+14255550250"));
        Assert.False(range.Contains("+14255550300"));
        Assert.False(range.Contains("+1425555025"));
        Assert.Equal("fabrikam", model.Numbers[3].Tenant.Id);
    }

    [Fact]
    public void Lab_routes()
    {
        var model = LoadLab();

        Assert.Equal(["pstn-to-teams", "teams-to-pstn", "teams-to-pbx"], model.Routes.Select(r => r.Id));

        var inbound = model.RoutesById["pstn-to-teams"];
        Assert.Equal(["carrier-a", "carrier-b"], inbound.From.Select(t => t.Id));
        Assert.Equal(RouteSelection.Ordered, inbound.Select);
        Assert.Same(model.TrunksById["teams"], Assert.Single(inbound.To).Trunk);
        Assert.Matches(inbound.Called!, "+14255550100");
        Assert.Equal("+14255550999", inbound.ForwardOnFailure!.Number);
        Assert.Same(model.TrunksById["carrier-a"], inbound.ForwardOnFailure.Via);
        Assert.Equal("Fail-over", inbound.ForwardOnFailure.Label);

        var outbound = model.RoutesById["teams-to-pstn"];
        Assert.Equal(RouteSelection.LeastCost, outbound.Select);
        Assert.Equal(["carrier-a", "carrier-b"], outbound.To.Select(t => t.Trunk.Id));
        Assert.Matches(outbound.Called!, "+442071230100");
        Assert.DoesNotMatch(outbound.Called!, "+33123456789");

        var pbx = model.RoutesById["teams-to-pbx"];
        Assert.Same(model.TenantsById["contoso"], pbx.Tenant);
        Assert.Matches(pbx.Called!, "1234");
        Assert.DoesNotMatch(pbx.Called!, "12345");
        Assert.Null(pbx.Calling);
    }

    [Fact]
    public void Rate_deck_uses_the_longest_prefix()
    {
        var model = LoadLab();
        var rates = model.TrunksById["carrier-b"].Rates!;

        Assert.True(rates.TryGetPrice("+442071230100", out var uk));
        Assert.Equal(0.0050m, uk);
        Assert.True(rates.TryGetPrice("+14255550100", out var us));
        Assert.Equal(0.0055m, us);
        Assert.False(rates.TryGetPrice("+33123456789", out _));
    }
}
