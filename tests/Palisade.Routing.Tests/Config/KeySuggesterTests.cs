using Palisade.Routing.Config;

namespace Palisade.Routing.Tests.Config;

public sealed class KeySuggesterTests
{
    [Theory]
    [InlineData("endpoint", "endpoints")]
    [InlineData("failover-code", "failover-codes")]
    [InlineData("alow-from", "allow-from")]
    [InlineData("lisener", "listener")]
    [InlineData("frobnicate", null)]
    public void Suggests_within_two_edits(string typo, string? expected)
    {
        string[] keys = ["id", "kind", "tenant", "listener", "endpoints", "allow-from", "probe", "media", "failover-codes", "rates"];

        Assert.Equal(expected, KeySuggester.Closest(typo, keys));
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("tls", "tcp", 2)]
    public void Levenshtein_distance(string a, string b, int distance) =>
        Assert.Equal(distance, KeySuggester.Distance(a, b));
}
