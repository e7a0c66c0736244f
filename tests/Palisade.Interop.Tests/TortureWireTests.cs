using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests;

/// <summary>
/// Every RFC 4475 torture message sent to a running node over UDP and TCP: the answer each one gets (or silence for
/// responses), and the node keeps answering OPTIONS afterwards (RFC 4475 §3, expectations in EXPECTATIONS.csv).
/// </summary>
[Collection(PalisadeCollection.Name)]
public sealed class TortureWireTests(PalisadeFixture fixture)
{
    /// <summary>What Palisade, as the UAS the message is addressed to, answers. 0 = nothing (a response, or dropped).</summary>
    public static TheoryData<string, int> Expected => new()
    {
        // 3.1.1 valid
        { "wsinv.dat", 481 },       // INVITE accepted by the parser; its To tag names no dialog of Palisade: 481 (§12.2.2)
        { "intmeth.dat", 501 },     // unknown method at an endpoint
        { "esc01.dat", 403 },
        { "escnull.dat", 405 },     // REGISTER: Palisade is not a registrar
        { "esc02.dat", 501 },
        { "lwsdisp.dat", 200 },
        { "longreq.dat", 403 },
        { "dblreq.dat", 405 },      // only the REGISTER is answered: the trailing INVITE bytes are ignored
        { "semiuri.dat", 200 },
        { "transports.dat", 200 },
        { "mpart01.dat", 405 },     // MESSAGE is not served by an SBC
        { "unreason.dat", 0 },
        { "noreason.dat", 0 },
        // 3.1.2 invalid
        { "badinv01.dat", 400 },
        { "clerr.dat", 400 },
        { "ncl.dat", 400 },
        { "scalar02.dat", 400 },
        { "scalarlg.dat", 0 },
        { "quotbal.dat", 400 },
        { "ltgtruri.dat", 400 },
        { "lwsruri.dat", 400 },
        { "lwsstart.dat", 400 },
        { "trws.dat", 400 },
        { "escruri.dat", 400 },
        { "baddate.dat", 403 },     // the Date header does not matter to Palisade: ignored (allowed by the RFC)
        { "regbadct.dat", 400 },
        { "badaspec.dat", 400 },
        { "baddn.dat", 400 },
        { "badvers.dat", 505 },
        { "mismatch01.dat", 400 },
        { "mismatch02.dat", 501 },
        { "bigcode.dat", 0 },
        // 3.2 transaction layer
        { "badbranch.dat", 200 },   // RFC 2543 matching fallback: the OPTIONS is answered
        // 3.3 application layer
        { "insuf.dat", 400 },
        { "unkscm.dat", 416 },
        { "novelsc.dat", 416 },
        { "unksm2.dat", 405 },
        { "bext01.dat", 420 },
        { "invut.dat", 415 },
        { "regaut01.dat", 405 },
        { "multi01.dat", 400 },
        { "mcl01.dat", 400 },
        { "bcast.dat", 0 },
        { "zeromf.dat", 200 },      // OPTIONS to Palisade itself: answered, not forwarded
        { "cparam01.dat", 405 },
        { "cparam02.dat", 405 },
        { "regescrt.dat", 405 },
        { "sdp01.dat", 406 },
        { "inv2543.dat", 403 },
        { "test.dat", 0 },          // no Via and no CSeq: nothing to answer to, dropped
    };

    [Fact]
    public void Table_covers_every_corpus_file()
    {
        string[] files = Directory.GetFiles(RepoPaths.TestData("rfc4475"), "*.dat").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        string[] listed = Expected.Select(row => (string)row[0]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(files, listed);
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task Udp_answer_matches_expectation(string file, int expected)
    {
        byte[] bytes = UniqueBranch(file, await File.ReadAllBytesAsync(RepoPaths.TestData("rfc4475", file)));
        List<int> codes = await SipProbe.UdpAsync(fixture.Node.UdpPort, bytes, TimeSpan.FromMilliseconds(expected == 0 ? 300 : 1500));
        if (expected == 0)
            Assert.Empty(codes);
        else
            Assert.True(SipProbe.OnlyAnswered(codes, expected), $"{file}: expected {expected}, got [{string.Join(',', codes)}]");
        await AssertStillServing();
    }

    /// <summary>
    /// Several corpus files share a Via branch and sent-by; the node rightly treats a second one within 32 s as a
    /// retransmission (RFC 3261 §17.2.3) and re-sends the first answer to the first sender. Each test therefore makes
    /// its branch unique — except badbranch.dat, whose bare "z9hG4bK" branch is the point of the test.
    /// </summary>
    private static byte[] UniqueBranch(string file, byte[] bytes)
    {
        if (file == "badbranch.dat")
            return bytes;
        string text = System.Text.Encoding.Latin1.GetString(bytes);
        string unique = "z9hG4bK" + Guid.NewGuid().ToString("N")[..8];
        return System.Text.Encoding.Latin1.GetBytes(text.Replace("branch=z9hG4bK", "branch=" + unique, StringComparison.Ordinal));
    }

    private async Task AssertStillServing()
    {
        List<int> codes = await SipProbe.UdpAsync(fixture.Node.UdpPort, SipProbe.Options(fixture.Node.UdpPort), TimeSpan.FromSeconds(2));
        Assert.Contains(200, codes);
        Assert.False(fixture.Node.HasExited);
    }
}
