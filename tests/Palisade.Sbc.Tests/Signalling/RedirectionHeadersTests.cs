using Palisade.Sbc.Signalling;

namespace Palisade.Sbc.Tests.Signalling;

public sealed class RedirectionHeadersTests
{
    [Fact]
    public void Diversion_values_are_read_most_recent_first()
    {
        List<Redirection> r = RedirectionHeaders.FromDiversion([
            "<sip:+14255550101@10.1.1.1>;reason=user-busy;counter=2",
            "\"Front desk\" <tel:+14255550100>;reason=unconditional;counter=1",
        ]);
        Assert.Equal([new Redirection("+14255550101", "user-busy"), new Redirection("+14255550100", "unconditional")], r);
    }

    [Fact]
    public void Diversion_becomes_history_info_with_causes_and_retarget_parents()
    {
        List<string> hi = RedirectionHeaders.ToHistoryInfo(
            [new Redirection("+14255550101", "no-answer"), new Redirection("+14255550100", "unconditional")],
            "+14255550199", "sbc.example.net");
        Assert.Equal([
            "<sip:+14255550100@sbc.example.net;user=phone?Reason=SIP%3Bcause%3D302>;index=1",
            "<sip:+14255550101@sbc.example.net;user=phone?Reason=SIP%3Bcause%3D408>;index=1.1;mp=1",
            "<sip:+14255550199@sbc.example.net;user=phone>;index=1.1.1;mp=1.1",
        ], hi);
    }

    [Fact]
    public void History_info_from_teams_becomes_diversion_with_palisade_host()
    {
        // Shape of a Teams forward: the original target with cause 302, then the new target.
        List<Redirection> r = RedirectionHeaders.FromHistoryInfo([
            "<sip:+14255550100@sip.pstnhub.microsoft.com;user=phone?Reason=SIP%3Bcause%3D302%3Btext%3D%22Moved%22>;index=1",
            "<sip:+14255550199@sip.pstnhub.microsoft.com;user=phone>;index=1.1;mp=1",
        ]);
        Assert.Equal([new Redirection("+14255550100", "unconditional")], r);
        List<string> diversion = RedirectionHeaders.ToDiversion(r, "192.0.2.1");
        Assert.Equal(["<sip:+14255550100@192.0.2.1;user=phone>;reason=unconditional;counter=1"], diversion);
    }

    [Theory]
    [InlineData("user-busy", 486)]
    [InlineData("no-answer", 408)]
    [InlineData("unconditional", 302)]
    [InlineData("deflection", 480)]
    [InlineData("unavailable", 503)]
    [InlineData("unknown", 404)]
    public void Reasons_and_causes_map_both_ways(string reason, int cause)
    {
        Assert.Equal(cause, RedirectionHeaders.Cause(reason));
        Assert.Equal(reason, RedirectionHeaders.DiversionReason(cause.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
