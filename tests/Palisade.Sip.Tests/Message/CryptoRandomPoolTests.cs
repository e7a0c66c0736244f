using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Message;

public sealed class CryptoRandomPoolTests
{
    [Fact]
    public void Identifiers_never_repeat_across_many_pool_refills()
    {
        // 5,000 × 8 bytes crosses the 1 KiB pool boundary ~40 times; a reuse of bytes would repeat a tag.
        var tags = new HashSet<string>(StringComparer.Ordinal);
        var branches = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < 5000; i++)
        {
            Assert.True(tags.Add(ResponseTags.New()));
            Assert.True(branches.Add(BranchIds.New()));
        }
        Assert.All(branches, b => Assert.StartsWith(BranchIds.MagicCookie, b, StringComparison.Ordinal));
    }

    [Fact]
    public void Large_requests_bypass_the_pool_and_are_filled()
    {
        byte[] big = new byte[4096];
        CryptoRandomPool.Fill(big);
        Assert.True(big.Count(b => b == 0) < 100); // ~16 zero bytes expected from 4,096 random ones
    }
}
