using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Message;

public sealed class ViaHeaderTests
{
    private static ViaHeader Parse(string text)
    {
        Assert.True(ViaHeader.TryParse(Encoding.UTF8.GetBytes(text), out ViaHeader? via, out string? error), text + ": " + error);
        return via!;
    }

    [Fact]
    public void Typical_teams_via()
    {
        ViaHeader v = Parse("SIP/2.0/TLS 52.114.148.0:5061;branch=z9hG4bK8e2a1c9d;rport");
        Assert.Equal("TLS", v.Transport);
        Assert.Equal("52.114.148.0", v.Host);
        Assert.Equal(5061, v.Port);
        Assert.Equal("z9hG4bK8e2a1c9d", v.Branch);
        Assert.True(v.HasRfc3261Branch);
        Assert.True(v.HasRport);
        Assert.Null(v.Received);
    }

    [Fact]
    public void Rport_with_value_and_received()
    {
        // RFC 3581 §4: the server fills in received and rport.
        ViaHeader v = Parse("SIP/2.0/UDP 10.0.0.1:5060;rport=61234;received=198.51.100.7;branch=z9hG4bKx");
        Assert.True(v.HasRport);
        Assert.Equal("61234", GetParameter(v, "rport"));
        Assert.Equal("198.51.100.7", v.Received);
    }

    [Fact]
    public void Lowercase_transport_and_lws()
    {
        ViaHeader v = Parse("SIP  /   2.0\r\n /udp\r\n    192.0.2.2 ; branch = z9hG4bK1");
        Assert.Equal("UDP", v.Transport);
        Assert.Equal("192.0.2.2", v.Host);
        Assert.Null(v.Port);
        Assert.Equal("z9hG4bK1", v.Branch);
    }

    [Fact]
    public void Ipv6_sent_by_and_received()
    {
        ViaHeader v = Parse("SIP/2.0/UDP [2001:db8::9:1]:6050;received=[2001:db8::9:255];branch=z9hG4bKas3");
        Assert.Equal("[2001:db8::9:1]", v.Host);
        Assert.Equal(6050, v.Port);
        Assert.Equal("[2001:db8::9:255]", v.Received);
    }

    [Fact]
    public void Rfc2543_branch()
    {
        Assert.False(Parse("SIP/2.0/UDP h;branch=z9hG4bK").HasRfc3261Branch);
        Assert.False(Parse("SIP/2.0/UDP h;branch=abc").HasRfc3261Branch);
        Assert.Null(Parse("SIP/2.0/UDP h").Branch);
    }

    [Theory]
    [InlineData("SIP/7.0/UDP h", "version")]
    [InlineData("HTTP/2.0/UDP h", "SIP/2.0/transport")]
    [InlineData("SIP/2.0/ h", "white space")] // SLASH allows LWS: "h" is the transport, sent-by is missing
    [InlineData("SIP/2.0/UDPh", "white space")]
    [InlineData("SIP/2.0/UDP ", "host")]
    [InlineData("SIP/2.0/UDP h:70000", "port")]
    [InlineData("SIP/2.0/UDP [::1", "IPv6")]
    [InlineData("SIP/2.0/UDP 192.0.2.15;;", "empty parameter")]
    [InlineData("SIP/2.0/UDP h;branch", null)]
    public void Malformed(string text, string? fragment)
    {
        bool ok = ViaHeader.TryParse(Encoding.UTF8.GetBytes(text), out ViaHeader? via, out string? error);
        if (fragment is null)
        {
            Assert.True(ok); // a valueless parameter is a valid generic-param
            Assert.Equal("", via!.Branch);
            return;
        }
        Assert.False(ok);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    private static string? GetParameter(ViaHeader v, string name)
    {
        foreach (KeyValuePair<string, string?> p in v.Parameters)
        {
            if (p.Key == name)
                return p.Value;
        }
        return null;
    }
}
