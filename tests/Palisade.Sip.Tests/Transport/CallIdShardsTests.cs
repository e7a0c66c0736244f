using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Transport;

public sealed class CallIdShardsTests
{
    [Theory]
    [InlineData("a84b4c76e66710@pc33.atlanta.example.com")]
    [InlineData("1-2345@10.0.0.1")]
    [InlineData("x")]
    [InlineData("")]
    public void The_other_leg_of_a_call_lands_on_the_shard_of_the_first_whatever_the_shard_count(string callerCallId)
    {
        string calleeCallId = CallIdShards.NewCallId(CallIdShards.Bucket(callerCallId));
        for (int shards = 1; shards <= 16; shards++)
            Assert.Equal(CallIdShards.Of(callerCallId, shards), CallIdShards.Of(calleeCallId, shards));
    }

    [Fact]
    public void Generated_call_ids_are_unique_and_carry_no_host()
    {
        var seen = new HashSet<string>();
        for (int i = 0; i < 1000; i++)
        {
            string id = CallIdShards.NewCallId(i % 256);
            Assert.DoesNotContain('@', id);
            Assert.Equal(i % 256, CallIdShards.Bucket(id));
            Assert.True(seen.Add(id));
        }
    }

    [Fact]
    public void Foreign_call_ids_spread_over_the_shards()
    {
        var counts = new int[4];
        for (int i = 0; i < 4000; i++)
            counts[CallIdShards.Of("call-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "@host", 4)]++;
        Assert.All(counts, c => Assert.InRange(c, 700, 1300));
    }
}
