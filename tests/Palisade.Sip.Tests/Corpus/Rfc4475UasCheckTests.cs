using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Corpus;

/// <summary>RFC 4475 §3.3 application-layer cases through <see cref="UasRequestChecks"/> (RFC 3261 §8.2, §16.3).</summary>
public sealed class Rfc4475UasCheckTests
{
    private static readonly UasCheckOptions Local = new(["timer", "100rel", "replaces"]);
    private static readonly UasCheckOptions Forwarding = Local with { WillForward = true };

    /// <summary>Every request file the parser accepts, with the status the checks give when answered locally and when forwarded.</summary>
    public static TheoryData<string, int, int> Cases() => new()
    {
        { "wsinv.dat", 0, 0 },
        { "intmeth.dat", 0, 0 },
        { "esc01.dat", 0, 0 },
        { "escnull.dat", 0, 0 },
        { "esc02.dat", 0, 0 },
        { "lwsdisp.dat", 0, 0 },
        { "longreq.dat", 0, 0 },
        { "dblreq.dat", 0, 0 },
        { "semiuri.dat", 0, 0 },
        { "transports.dat", 0, 0 },
        { "mpart01.dat", 0, 0 },
        { "baddate.dat", 0, 0 },
        { "badbranch.dat", 0, 0 },
        { "unkscm.dat", 416, 416 },
        { "novelsc.dat", 416, 416 },
        { "unksm2.dat", 0, 0 },
        { "bext01.dat", 420, 420 },
        { "invut.dat", 415, 415 },
        { "regaut01.dat", 0, 0 },
        { "zeromf.dat", 0, 483 },
        { "cparam01.dat", 0, 0 },
        { "cparam02.dat", 0, 0 },
        { "regescrt.dat", 0, 0 },
        { "sdp01.dat", 406, 406 },
        { "inv2543.dat", 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Checks_give_the_rfc4475_status(string file, int local, int forwarded)
    {
        SipMessage m = Rfc4475Tests.ParseOk(file);
        Assert.True(m.IsRequest);
        Assert.Equal(local, UasRequestChecks.Check(m, Local).Status);
        Assert.Equal(forwarded, UasRequestChecks.Check(m, Forwarding).Status);
    }

    [Fact]
    public void Bext01_lists_every_unknown_tag_in_unsupported()
    {
        SipMessage m = Rfc4475Tests.ParseOk("bext01.dat");
        UasCheckResult r = UasRequestChecks.Check(m, Local);
        Assert.Equal(420, r.Status);
        Assert.Equal("Bad Extension", r.Reason);
        Assert.Equal(HeaderId.Unsupported, r.ExtraHeader);
        Assert.Equal("nothingSupportsThis, nothingSupportsThisEither, noProxiesSupportThis, norDoAnyProxiesSupportThis", r.ExtraHeaderValue);

        // A UA that does not act as a proxy only looks at Require (§8.2.2.3).
        r = UasRequestChecks.Check(m, Local with { CheckProxyRequire = false });
        Assert.Equal("nothingSupportsThis, nothingSupportsThisEither", r.ExtraHeaderValue);

        // Supporting all of them lets it through.
        r = UasRequestChecks.Check(m, new UasCheckOptions(["NOTHINGSUPPORTSTHIS", "nothingSupportsThisEither", "noProxiesSupportThis", "norDoAnyProxiesSupportThis"]));
        Assert.True(r.Passed);
    }

    [Fact]
    public void Invut_gets_415_with_accept()
    {
        UasCheckResult r = UasRequestChecks.Check(Rfc4475Tests.ParseOk("invut.dat"), Local);
        Assert.Equal(415, r.Status);
        Assert.Equal(HeaderId.Accept, r.ExtraHeader);
        Assert.Equal("application/sdp, multipart/mixed", r.ExtraHeaderValue);
    }

    [Fact]
    public void Sdp01_gets_406()
    {
        UasCheckResult r = UasRequestChecks.Check(Rfc4475Tests.ParseOk("sdp01.dat"), Local);
        Assert.Equal(406, r.Status);
        Assert.Equal("Not Acceptable", r.Reason);
    }

    [Fact]
    public void Unkscm_gets_416()
    {
        UasCheckResult r = UasRequestChecks.Check(Rfc4475Tests.ParseOk("unkscm.dat"), Local);
        Assert.Equal(416, r.Status);
        Assert.Equal("Unsupported URI Scheme", r.Reason);
        Assert.Equal(HeaderId.Other, r.ExtraHeader);
    }

    [Fact]
    public void Zeromf_gets_483_only_when_forwarded()
    {
        SipMessage m = Rfc4475Tests.ParseOk("zeromf.dat");
        Assert.Equal(0, m.MaxForwards);
        Assert.True(UasRequestChecks.Check(m, Local).Passed);
        Assert.Equal("Too Many Hops", UasRequestChecks.Check(m, Forwarding).Reason);
    }
}
