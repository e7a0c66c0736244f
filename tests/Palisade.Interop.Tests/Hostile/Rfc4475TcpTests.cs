using System.Text;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests.Hostile;

/// <summary>What the node does with a TCP connection after one torture message.</summary>
public enum AfterMessage
{
    /// <summary>The connection is open and framed at a message boundary: a following OPTIONS on it is answered 200.</summary>
    InSync,

    /// <summary>Open, waiting for bytes the message announced (its Content-Length or its empty line never came).</summary>
    Waiting,

    /// <summary>The node closed the connection: the stream's framing is unrecoverable (RFC 3261 §18.3).</summary>
    Closed,
}

/// <summary>
/// Every RFC 4475 torture message on its own TCP connection to a running node (RFC 4475 §3; EXPECTATIONS.csv). On a
/// stream Content-Length frames the message (RFC 3261 §18.3), so some answers differ from UDP's: a message whose
/// announced body or empty line never arrives is waited for, not answered; a broken Content-Length closes the
/// connection; bytes after a message are the next message. After each file the node still answers OPTIONS over UDP.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class Rfc4475TcpTests(HostileNode fixture) : IClassFixture<HostileNode>
{
    /// <summary>The answers, in order, and the state of the connection afterwards. Empty = no answer.</summary>
    public static TheoryData<string, int[], AfterMessage> Expected => new()
    {
        // 3.1.1 valid
        { "wsinv.dat", [481], AfterMessage.InSync },
        { "intmeth.dat", [501], AfterMessage.InSync },
        { "esc01.dat", [403], AfterMessage.InSync },
        { "escnull.dat", [405], AfterMessage.InSync },
        { "esc02.dat", [501], AfterMessage.InSync },
        { "lwsdisp.dat", [200], AfterMessage.InSync },
        { "longreq.dat", [403], AfterMessage.InSync },
        // The REGISTER (Content-Length 0) is answered; the CRLF after it is skipped; the INVITE behind it is a
        // second message on a stream. Its Content-Length (150) is 5 octets short of its body, so it is answered
        // after 150 octets and the last 5 are the start of a message that never completes.
        { "dblreq.dat", [405, 403], AfterMessage.Waiting },
        { "semiuri.dat", [200], AfterMessage.InSync },
        { "transports.dat", [200], AfterMessage.InSync },
        { "mpart01.dat", [405], AfterMessage.InSync },
        { "unreason.dat", [], AfterMessage.InSync },    // responses are never answered
        { "noreason.dat", [], AfterMessage.InSync },
        // 3.1.2 invalid
        { "badinv01.dat", [400], AfterMessage.InSync },
        { "clerr.dat", [], AfterMessage.Waiting },      // Content-Length beyond the body: wait (the read timeout closes later)
        { "ncl.dat", [400], AfterMessage.Closed },      // negative Content-Length: 400, then close
        { "scalar02.dat", [400], AfterMessage.InSync },
        { "scalarlg.dat", [], AfterMessage.InSync },
        { "quotbal.dat", [400], AfterMessage.InSync },
        { "ltgtruri.dat", [400], AfterMessage.InSync },
        { "lwsruri.dat", [400], AfterMessage.InSync },
        { "lwsstart.dat", [400], AfterMessage.InSync },
        { "trws.dat", [400], AfterMessage.InSync },
        { "escruri.dat", [400], AfterMessage.InSync },
        { "baddate.dat", [403], AfterMessage.InSync },
        { "regbadct.dat", [400], AfterMessage.InSync },
        { "badaspec.dat", [400], AfterMessage.InSync },
        { "baddn.dat", [], AfterMessage.Waiting },      // the archive's file has no empty line: the header block never ends
        { "badvers.dat", [505], AfterMessage.InSync },
        { "mismatch01.dat", [400], AfterMessage.InSync },
        { "mismatch02.dat", [501], AfterMessage.InSync },
        { "bigcode.dat", [], AfterMessage.InSync },
        // 3.2 transaction layer
        { "badbranch.dat", [200], AfterMessage.InSync },
        // 3.3 application layer
        { "insuf.dat", [400], AfterMessage.InSync },
        { "unkscm.dat", [416], AfterMessage.InSync },
        { "novelsc.dat", [416], AfterMessage.InSync },
        { "unksm2.dat", [405], AfterMessage.InSync },
        { "bext01.dat", [420], AfterMessage.InSync },
        { "invut.dat", [415], AfterMessage.InSync },
        { "regaut01.dat", [405], AfterMessage.InSync },
        { "multi01.dat", [400], AfterMessage.InSync },
        { "mcl01.dat", [400], AfterMessage.Closed },    // two Content-Length values: 400, then close
        { "bcast.dat", [], AfterMessage.InSync },
        { "zeromf.dat", [200], AfterMessage.InSync },
        { "cparam01.dat", [405], AfterMessage.InSync },
        { "cparam02.dat", [405], AfterMessage.InSync },
        { "regescrt.dat", [405], AfterMessage.InSync },
        { "sdp01.dat", [406], AfterMessage.InSync },
        // No Content-Length: on a stream that means no body (§18.3), so the INVITE is answered and its SDP is the
        // start of a next message whose header block never ends.
        { "inv2543.dat", [403], AfterMessage.Waiting },
        // "Foobar roobar" is a header line without a colon: the framer cannot trust the stream any further and closes
        // it; with no Via and no CSeq there is nothing to answer.
        { "test.dat", [], AfterMessage.Closed },
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
    public async Task Tcp_answer_and_connection_state_match_expectation(string file, int[] expected, AfterMessage after)
    {
        byte[] bytes = UniqueBranch(file, await File.ReadAllBytesAsync(RepoPaths.TestData("rfc4475", file)));
        using TcpPeer peer = await TcpPeer.ConnectAsync(fixture.Node.TcpPort);
        Assert.True(await peer.SendAsync(bytes));

        // Waiting for an answer that must not come, or for a close, is bounded at 1 s (the node's read timeout, 10 s,
        // is what eventually closes a waiting connection; not worth the wait here). 300 ms catches a second answer.
        TimeSpan settle = TimeSpan.FromMilliseconds(after == AfterMessage.Closed ? 1000 : 300);
        List<int> codes = await peer.ReadAnswersAsync(expected.Length == 0 ? 1 : expected.Length, TimeSpan.FromSeconds(expected.Length == 0 ? 1 : 3), settle);
        // Requests of different calls (Call-IDs) are handled on different shards, and SIP does not order the answers of
        // different transactions on one connection: compare the answers, not their order.
        Assert.Equal(expected.Order(), codes.Order());
        Assert.Equal(after == AfterMessage.Closed, peer.Closed);

        if (after == AfterMessage.InSync)
        {
            // The framing is still aligned: the next message on the same connection is read as a message.
            Assert.True(await peer.SendAsync(SipProbe.Options(fixture.Node.TcpPort, "TCP")));
            Assert.Equal([200], await peer.ReadAnswersAsync(1, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100)));
            Assert.False(peer.Closed);
        }

        await fixture.AssertServingAsync(file + " over TCP");
    }

    /// <summary>Unique branches, as in TortureWireTests: shared branches would be retransmissions (RFC 3261 §17.2.3).</summary>
    private static byte[] UniqueBranch(string file, byte[] bytes)
    {
        if (file == "badbranch.dat")
            return bytes;
        string text = Encoding.Latin1.GetString(bytes);
        string unique = "z9hG4bK" + Guid.NewGuid().ToString("N")[..8];
        return Encoding.Latin1.GetBytes(text.Replace("branch=z9hG4bK", "branch=" + unique, StringComparison.Ordinal));
    }
}
