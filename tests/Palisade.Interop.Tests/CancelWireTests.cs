using System.Text;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests;

/// <summary>CANCEL at a running node (RFC 3261 §9.2): 200 when it matches an INVITE transaction, 481 when not.</summary>
[Collection(PalisadeCollection.Name)]
public sealed class CancelWireTests(PalisadeFixture fixture)
{
    private static byte[] Request(string method, int port, string branch, string callId) => Encoding.ASCII.GetBytes(
        $"{method} sip:+14255550100@127.0.0.1:{port} SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:5999;branch={branch}\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:+14255550199@127.0.0.1>;tag=c1\r\n" +
        $"To: <sip:+14255550100@127.0.0.1:{port}>\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: 1 {method}\r\n" +
        "Content-Length: 0\r\n\r\n");

    [Fact]
    public async Task Cancel_matching_an_answered_invite_gets_200_and_an_unknown_one_481()
    {
        int port = fixture.Node.UdpPort;
        string branch = "z9hG4bK" + Guid.NewGuid().ToString("N")[..12], callId = Guid.NewGuid().ToString("N") + "@cancel";
        // No ACK is sent here, so Timer G may re-send the 403 (RFC 3261 §17.2.1): only 403s are acceptable.
        List<int> answers = await SipProbe.UdpAsync(port, Request("INVITE", port, branch, callId), TimeSpan.FromSeconds(2));
        Assert.True(SipProbe.OnlyAnswered(answers, 403), string.Join(',', answers));

        // The INVITE already has its final response; the CANCEL still matches its transaction: 200 (no 487).
        Assert.Equal([200], await SipProbe.UdpAsync(port, Request("CANCEL", port, branch, callId), TimeSpan.FromSeconds(2)));

        string other = "z9hG4bK" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal([481], await SipProbe.UdpAsync(port, Request("CANCEL", port, other, callId), TimeSpan.FromSeconds(2)));
    }
}
