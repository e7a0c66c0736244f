using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Message;

public sealed class UasRequestChecksTests
{
    private static readonly UasCheckOptions Options = new(["timer", "100rel"]);

    private static SipMessage Request(string method, string extraHeaders = "", string body = "", string uri = "sip:bob@example.com")
    {
        string text = $"{method} {uri} SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nMax-Forwards: 70\r\nFrom: <sip:a@b>;tag=1\r\n" +
            $"To: <sip:bob@example.com>\r\nCall-ID: c\r\nCSeq: 1 {method}\r\n{extraHeaders}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
        SipMessage? m = SipParser.ParseDatagram(Encoding.UTF8.GetBytes(text), out SipParseError error);
        Assert.True(error.Outcome == ParseOutcome.Ok, error.ToString());
        return m!;
    }

    [Fact]
    public void Plain_invite_with_sdp_passes()
    {
        UasCheckResult r = UasRequestChecks.Check(Request("INVITE", "Content-Type: application/sdp\r\nRequire: timer\r\n", "v=0\r\n"), Options);
        Assert.True(r.Passed);
        Assert.Equal(UasCheckResult.Pass, r);
    }

    [Theory]
    [InlineData("tel:+14255550123", 0)]
    [InlineData("sips:bob@example.com", 0)]
    [InlineData("urn:service:sos", 416)]
    public void Request_uri_schemes(string uri, int status) => Assert.Equal(status, UasRequestChecks.Check(Request("OPTIONS", uri: uri), Options).Status);

    [Theory]
    [InlineData("INVITE", "text/plain", 415)]
    [InlineData("UPDATE", "text/plain", 415)]
    [InlineData("PRACK", "application/json", 415)]
    [InlineData("INVITE", "multipart/mixed;boundary=x", 0)]
    [InlineData("UPDATE", "Application/SDP", 0)]
    [InlineData("INFO", "application/dtmf-relay", 0)]
    [InlineData("MESSAGE", "text/plain", 0)]
    public void Body_types(string method, string contentType, int status)
        => Assert.Equal(status, UasRequestChecks.Check(Request(method, $"Content-Type: {contentType}\r\n", "x"), Options).Status);

    [Fact]
    public void Body_without_content_type_gets_415()
        => Assert.Equal(415, UasRequestChecks.Check(Request("INVITE", body: "v=0"), Options).Status);

    [Fact]
    public void Unknown_content_encoding_gets_415_with_accept_encoding()
    {
        UasCheckResult r = UasRequestChecks.Check(Request("INVITE", "Content-Type: application/sdp\r\nContent-Encoding: gzip\r\n", "x"), Options);
        Assert.Equal(415, r.Status);
        Assert.Equal(HeaderId.AcceptEncoding, r.ExtraHeader);
        Assert.Equal("identity", r.ExtraHeaderValue);
    }

    [Theory]
    [InlineData("application/sdp", 0)]
    [InlineData("Application/SDP;level=1", 0)]
    [InlineData("application/*", 0)]
    [InlineData("*/*", 0)]
    [InlineData("text/html, application/sdp", 0)]
    [InlineData("application/sdp;q=0", 406)]
    [InlineData("application/sdp;q=0.0, text/plain", 406)]
    [InlineData("application/sdp;q=0.5", 0)]
    [InlineData("text/nobodyKnowsThis", 406)]
    [InlineData("", 406)]
    public void Accept_on_invite(string accept, int status)
        => Assert.Equal(status, UasRequestChecks.Check(Request("INVITE", $"Accept: {accept}\r\n"), Options).Status);

    [Fact]
    public void Accept_is_not_checked_on_options_whose_200_has_no_body()
        => Assert.True(UasRequestChecks.Check(Request("OPTIONS", "Accept: text/plain\r\n"), Options).Passed);

    [Fact]
    public void Accept_is_not_checked_on_bye()
        => Assert.True(UasRequestChecks.Check(Request("BYE", "Accept: text/plain\r\n"), Options).Passed);

    [Fact]
    public void Require_across_several_headers_and_case()
    {
        UasCheckResult r = UasRequestChecks.Check(Request("INVITE", "Require: TIMER, foo\r\nRequire: 100rel,bar\r\n"), Options);
        Assert.Equal(420, r.Status);
        Assert.Equal("foo, bar", r.ExtraHeaderValue);
    }

    [Fact]
    public void Ack_always_passes()
        => Assert.True(UasRequestChecks.Check(Request("ACK", "Require: foo\r\nContent-Type: text/plain\r\n", "x", "urn:x:y"), Options).Passed);

    [Fact]
    public void Max_forwards_zero_only_matters_when_forwarding()
    {
        SipMessage m = SipParser.ParseDatagram(Encoding.ASCII.GetBytes(
            "INVITE sip:b@c SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nMax-Forwards: 0\r\nFrom: <sip:a@b>;tag=1\r\n" +
            "To: <sip:b@c>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"), out _)!;
        Assert.True(UasRequestChecks.Check(m, Options).Passed);
        Assert.Equal(483, UasRequestChecks.Check(m, Options with { WillForward = true }).Status);
    }

    [Fact]
    public void Responses_pass()
    {
        SipMessage r = SipParser.ParseDatagram(Encoding.ASCII.GetBytes(
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:b@c>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"), out _)!;
        Assert.True(UasRequestChecks.Check(r, Options).Passed);
    }

    [Fact]
    public void Accepted_body_types_helper()
    {
        Assert.True(UasRequestChecks.AcceptsBodyType(SipMethod.Ack, "application/sdp"));
        Assert.False(UasRequestChecks.AcceptsBodyType(SipMethod.Ack, "text/plain"));
        Assert.True(UasRequestChecks.AcceptsBodyType(SipMethod.Notify, "message/sipfrag"));
    }
}
