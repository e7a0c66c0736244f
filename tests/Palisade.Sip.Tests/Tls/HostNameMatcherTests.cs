using Palisade.Sip.Transport.Tls;

namespace Palisade.Sip.Tests.Tls;

public sealed class HostNameMatcherTests
{
    [Theory]
    [InlineData("sbc.contoso.com", "sbc.contoso.com", true)]
    [InlineData("SBC.Contoso.COM", "sbc.contoso.com", true)]
    [InlineData("sbc.contoso.com.", "sbc.contoso.com", true)]
    [InlineData("*.contoso.com", "sbc.contoso.com", true)]
    [InlineData("*.contoso.com", "sbc.test.contoso.com", false)] // Microsoft's own example: one label only
    [InlineData("*.contoso.com", "contoso.com", false)]
    [InlineData("*.contoso.com", ".contoso.com", false)]
    [InlineData("*.com", "contoso.com", false)]
    [InlineData("s*.contoso.com", "sbc.contoso.com", false)] // partial-label wildcards refused (RFC 6125 §7.2)
    [InlineData("sbc.*.com", "sbc.contoso.com", false)]
    [InlineData("sbc.contoso.com", "sbc2.contoso.com", false)]
    public void Pattern_matching_follows_RFC_2818_with_one_label_wildcards(string pattern, string host, bool expected)
    {
        Assert.Equal(expected, HostNameMatcher.MatchesPattern(pattern, host));
    }
}
