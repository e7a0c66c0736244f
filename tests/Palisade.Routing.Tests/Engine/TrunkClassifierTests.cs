using System.Net;
using Palisade.Routing.Engine;

namespace Palisade.Routing.Tests.Engine;

public sealed class TrunkClassifierTests
{
    private static TrunkClassification Classify(string listener, string source) =>
        TrunkClassifier.Classify(TestWorld.Standard, listener, IPAddress.Parse(source));

    [Fact]
    public void Source_inside_allow_from_on_the_trunks_listener()
    {
        var c = Classify("public-udp", "192.0.2.77");

        Assert.Equal("carrier-a", c.Trunk!.Id);
        Assert.Equal("192.0.2.77 on public-udp is trunk carrier-a (allow-from 192.0.2.0/24)", c.Reason);
    }

    [Fact]
    public void The_most_specific_prefix_wins_over_the_written_order()
    {
        // carrier-a (written first) allows 192.0.2.0/24; carrier-b allows 192.0.2.20/32.
        var c = Classify("public-udp", "192.0.2.20");

        Assert.Equal("carrier-b", c.Trunk!.Id);
        Assert.Contains("allow-from 192.0.2.20/32", c.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_prefixes_keep_the_written_order()
    {
        var config = TestWorld.Load("""
            trunks:
              - { id: first, kind: carrier, endpoints: [{ host: 192.0.2.1 }], allow-from: [192.0.2.0/24] }
              - { id: second, kind: carrier, endpoints: [{ host: 192.0.2.2 }], allow-from: [10.0.0.0/8, 192.0.2.0/24] }
            """);

        Assert.Equal("first", TrunkClassifier.Classify(config, "sip-udp", IPAddress.Parse("192.0.2.9")).Trunk!.Id);
        Assert.Equal("second", TrunkClassifier.Classify(config, "sip-udp", IPAddress.Parse("10.1.2.3")).Trunk!.Id);
    }

    [Fact]
    public void A_source_allowed_only_on_another_listener_is_refused_and_the_reason_says_where()
    {
        var c = Classify("teams-tls", "192.0.2.77");

        Assert.Null(c.Trunk);
        Assert.Equal("no trunk allows 192.0.2.77 on teams-tls (trunk carrier-a allows it on public-udp)", c.Reason);
    }

    [Fact]
    public void An_unknown_source_is_refused()
    {
        var c = Classify("public-udp", "203.0.113.9");

        Assert.Null(c.Trunk);
        Assert.Equal("no trunk allows 203.0.113.9 on public-udp", c.Reason);
    }

    [Fact]
    public void A_trunk_without_a_listener_is_reached_on_any_listener()
    {
        Assert.Equal("carrier-c", Classify("teams-tls", "198.51.100.7").Trunk!.Id);
        Assert.Equal("carrier-c", Classify("public-udp", "198.51.100.7").Trunk!.Id);
    }

    [Fact]
    public void An_ipv4_mapped_ipv6_source_is_matched_as_ipv4()
    {
        Assert.Equal("teams", Classify("teams-tls", "::ffff:52.114.1.2").Trunk!.Id);
    }

    [Fact]
    public void A_challenging_trunk_without_allow_from_takes_any_source_below_every_prefix()
    {
        var config = TestWorld.Load("""
            trunks:
              - { id: roaming, kind: pbx, endpoints: [{ host: pbx.example.net }], auth: { username: u, password: p, challenge-inbound: true } }
              - { id: office, kind: pbx, endpoints: [{ host: 192.0.2.1 }], allow-from: [192.0.2.0/24] }
            """);

        var office = TrunkClassifier.Classify(config, "sip-udp", IPAddress.Parse("192.0.2.9"));
        var roaming = TrunkClassifier.Classify(config, "sip-udp", IPAddress.Parse("203.0.113.50"));

        Assert.Equal("office", office.Trunk!.Id);
        Assert.Equal("roaming", roaming.Trunk!.Id);
        Assert.Equal("203.0.113.50 on sip-udp is trunk roaming: it has no allow-from and challenges every request", roaming.Reason);
    }
}
