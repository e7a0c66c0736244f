using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sbc.Tests.Infrastructure;

/// <summary>Messages a scripted peer sends, written the way real peers write them.</summary>
internal static class PeerMessages
{
    public const string CallerCallId = "caller-call-1@10.9.8.7";
    public const string CallerTag = "caller-tag-1";

    public static string Sdp(string address, int port, string direction = "sendrecv", int version = 1) =>
        "v=0\n" +
        "o=peer 1000 " + version + " IN IP4 " + address + "\n" +
        "s=-\n" +
        "c=IN IP4 " + address + "\n" +
        "t=0 0\n" +
        "m=audio " + port + " RTP/AVP 0 101\n" +
        "a=rtpmap:0 PCMU/8000\n" +
        "a=rtpmap:101 telephone-event/8000\n" +
        "a=" + direction + "\n";

    /// <summary>The caller's INVITE from carrier A (127.0.0.2) to +14255550100.</summary>
    public static string Invite(string called = "+14255550100", string? sdp = null, string extraHeaders = "", string branch = "z9hG4bK-caller-1", string callId = CallerCallId)
    {
        sdp ??= Sdp("127.0.0.2", 6000);
        return "INVITE sip:" + called + "@127.0.0.1:5060;user=phone SIP/2.0\n" +
            "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=" + branch + ";rport\n" +
            "Via: SIP/2.0/UDP 10.9.8.7:5070;branch=z9hG4bK-inner\n" +
            "Record-Route: <sip:10.9.8.6;lr>\n" +
            "Max-Forwards: 69\n" +
            "From: \"Alice Caller\" <sip:+14255551234@127.0.0.2>;tag=" + CallerTag + "\n" +
            "To: <sip:" + called + "@127.0.0.1>\n" +
            "Call-ID: " + callId + "\n" +
            "CSeq: 10 INVITE\n" +
            "Contact: <sip:+14255551234@127.0.0.2:5060>\n" +
            "User-Agent: SecretCarrierSwitch/9.1\n" +
            "X-Carrier-Internal: route-77@10.9.8.7\n" +
            extraHeaders +
            "Content-Type: application/sdp\n" +
            "Content-Length: " + Encoding.UTF8.GetByteCount(sdp.Replace("\n", "\r\n", StringComparison.Ordinal)) + "\n\n" + sdp;
    }

    /// <summary>A response to <paramref name="request"/> (received from Palisade), from a peer at <paramref name="host"/>.</summary>
    public static string Response(SipMessage request, int status, string toTag, string host, string? sdp = null, string extraHeaders = "")
    {
        using SipMessageWriter w = SipResponses.Start(request, status, null, toTag);
        w.Header(HeaderId.Contact, "<sip:callee@" + host + ":5060>");
        w.Header(HeaderId.Server, "CalleeBox/3.0");
        w.Append(Encoding.UTF8.GetBytes(extraHeaders.Replace("\n", "\r\n", StringComparison.Ordinal)));
        if (sdp is null)
        {
            w.Finish();
        }
        else
        {
            w.Finish(Encoding.UTF8.GetBytes(sdp.Replace("\n", "\r\n", StringComparison.Ordinal)), "application/sdp");
        }
        return Encoding.UTF8.GetString(w.Written);
    }

    /// <summary>A request from the caller inside its dialog with Palisade (To tag = Palisade's tag on the caller leg).</summary>
    public static string CallerRequest(string method, uint cseq, string palisadeTag, string? sdp = null, string extraHeaders = "", string branch = "z9hG4bK-caller-x")
    {
        string body = sdp ?? "";
        return method + " sip:127.0.0.1:5060 SIP/2.0\n" +
            "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=" + branch + cseq + ";rport\n" +
            "Max-Forwards: 70\n" +
            "From: \"Alice Caller\" <sip:+14255551234@127.0.0.2>;tag=" + CallerTag + "\n" +
            "To: <sip:+14255550100@127.0.0.1>;tag=" + palisadeTag + "\n" +
            "Call-ID: " + CallerCallId + "\n" +
            "CSeq: " + cseq + " " + method + "\n" +
            "Contact: <sip:+14255551234@127.0.0.2:5060>\n" +
            extraHeaders +
            (body.Length > 0 ? "Content-Type: application/sdp\n" : "") +
            "Content-Length: " + Encoding.UTF8.GetByteCount(body.Replace("\n", "\r\n", StringComparison.Ordinal)) + "\n\n" + body;
    }

    /// <summary>A request from the callee inside its dialog with Palisade (built from the INVITE Palisade sent it).</summary>
    public static string CalleeRequest(string method, uint cseq, SipMessage palisadeInvite, string calleeTag, string host, string? sdp = null, string extraHeaders = "")
    {
        string body = sdp ?? "";
        string from = Encoding.UTF8.GetString(palisadeInvite.GetValue(HeaderId.To)) + ";tag=" + calleeTag;
        string to = Encoding.UTF8.GetString(palisadeInvite.GetValue(HeaderId.From));
        return method + " sip:127.0.0.1:5060 SIP/2.0\n" +
            "Via: SIP/2.0/UDP " + host + ":5060;branch=z9hG4bK-callee-" + cseq + ";rport\n" +
            "Max-Forwards: 70\n" +
            "From: " + from + "\n" +
            "To: " + to + "\n" +
            "Call-ID: " + palisadeInvite.CallId + "\n" +
            "CSeq: " + cseq + " " + method + "\n" +
            "Contact: <sip:callee@" + host + ":5060>\n" +
            extraHeaders +
            (body.Length > 0 ? "Content-Type: application/sdp\n" : "") +
            "Content-Length: " + Encoding.UTF8.GetByteCount(body.Replace("\n", "\r\n", StringComparison.Ordinal)) + "\n\n" + body;
    }

    /// <summary>The ACK the caller sends for Palisade's 2xx.</summary>
    public static string CallerAck(string palisadeTag, uint cseq = 10, string? sdp = null) =>
        CallerRequest("ACK", cseq, palisadeTag, sdp, branch: "z9hG4bK-caller-ack");
}
