using Palisade.Sip.Dns;

namespace Palisade.Sip.Tests.Dns;

public sealed class SrvOrderingTests
{
    private static DnsSrvRecord Srv(ushort priority, ushort weight, string target) => new("_sip._udp.example", 60, priority, weight, 5060, target);

    [Fact]
    public void Lower_priority_always_comes_first()
    {
        var records = new[] { Srv(20, 100, "c"), Srv(10, 1, "a"), Srv(30, 0, "d"), Srv(10, 1, "b") };
        for (var seed = 0; seed < 50; seed++)
        {
            var random = new Random(seed);
            var ordered = SrvOrdering.Order(records, max => random.Next(0, max + 1));
            Assert.Equal([10, 10, 20, 30], ordered.Select(r => (int)r.Priority));
        }
    }

    [Fact]
    public void Weights_share_first_place_in_proportion()
    {
        var records = new[] { Srv(1, 10, "light"), Srv(1, 30, "heavy") };
        var random = new Random(42);
        var heavyFirst = 0;
        const int rounds = 20_000;
        for (var i = 0; i < rounds; i++)
        {
            if (SrvOrdering.Order(records, max => random.Next(0, max + 1))[0].Target == "heavy")
                heavyFirst++;
        }

        // Expected 30/41 ≈ 0.73: RFC 2782 draws in [0, sum] inclusive. Wide tolerance, fixed seed.
        Assert.InRange(heavyFirst / (double)rounds, 0.70, 0.78);
    }

    [Fact]
    public void Draw_follows_the_rfc_2782_running_sum()
    {
        // Zero-weight first, then running sums 0 (z), 10 (a), 40 (b). A draw of 0 takes z, 1..10 a, 11..40 b.
        var records = new[] { Srv(1, 10, "a"), Srv(1, 30, "b"), Srv(1, 0, "z") };
        Assert.Equal(["z", "a", "b"], SrvOrdering.Order(records, _ => 0).Select(r => r.Target));
        Assert.Equal(["b", "a", "z"], SrvOrdering.Order(records, max => max).Select(r => r.Target));
        Assert.Equal(["a", "b", "z"], SrvOrdering.Order(records, max => Math.Min(max, 5)).Select(r => r.Target));
    }

    [Fact]
    public void Dot_target_is_dropped()
    {
        Assert.Empty(SrvOrdering.Order([Srv(0, 0, ".")], _ => 0));
    }
}
