using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Message;

public sealed class HeaderNamesTests
{
    public static TheoryData<HeaderId> KnownIds()
    {
        var data = new TheoryData<HeaderId>();
        foreach (HeaderId id in Enum.GetValues<HeaderId>())
        {
            if (id != HeaderId.Other)
                data.Add(id);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(KnownIds))]
    public void Canonical_name_round_trips_in_any_case(HeaderId id)
    {
        ReadOnlySpan<byte> name = HeaderNames.CanonicalName(id);
        Assert.Equal(id, HeaderNames.Lookup(name));
        byte[] upper = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(name).ToUpperInvariant());
        byte[] lower = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(name).ToLowerInvariant());
        Assert.Equal(id, HeaderNames.Lookup(upper));
        Assert.Equal(id, HeaderNames.Lookup(lower));
    }

    [Theory]
    [InlineData("v", HeaderId.Via)]
    [InlineData("f", HeaderId.From)]
    [InlineData("t", HeaderId.To)]
    [InlineData("i", HeaderId.CallId)]
    [InlineData("m", HeaderId.Contact)]
    [InlineData("l", HeaderId.ContentLength)]
    [InlineData("c", HeaderId.ContentType)]
    [InlineData("e", HeaderId.ContentEncoding)]
    [InlineData("s", HeaderId.Subject)]
    [InlineData("k", HeaderId.Supported)]
    [InlineData("r", HeaderId.ReferTo)]
    [InlineData("b", HeaderId.ReferredBy)]
    [InlineData("x", HeaderId.SessionExpires)]
    [InlineData("o", HeaderId.Event)]
    [InlineData("u", HeaderId.AllowEvents)]
    [InlineData("V", HeaderId.Via)]
    [InlineData("L", HeaderId.ContentLength)]
    public void Compact_forms(string name, HeaderId expected) => Assert.Equal(expected, HeaderNames.Lookup(Encoding.ASCII.GetBytes(name)));

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("z")]
    [InlineData("Vias")]
    [InlineData("X-MS-UserLocation")]
    [InlineData("C%6Fntact")]
    [InlineData("Content-Lengthx")]
    [InlineData("Identity")]
    public void Unknown_names_are_other(string name) => Assert.Equal(HeaderId.Other, HeaderNames.Lookup(Encoding.ASCII.GetBytes(name)));

    [Fact]
    public void Every_id_has_a_distinct_canonical_name()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (HeaderId id in Enum.GetValues<HeaderId>())
        {
            if (id != HeaderId.Other)
                Assert.True(names.Add(Encoding.ASCII.GetString(HeaderNames.CanonicalName(id))), id.ToString());
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => HeaderNames.CanonicalName(HeaderId.Other).Length);
    }
}
