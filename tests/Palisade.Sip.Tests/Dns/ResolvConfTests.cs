using System.Net;
using Palisade.Sip.Dns;

namespace Palisade.Sip.Tests.Dns;

public sealed class ResolvConfTests
{
    [Fact]
    public void Reads_nameserver_lines_only()
    {
        const string text = """
            # comment
            ; another
            search example.com
            nameserver 10.0.0.53
            nameserver   2001:db8::53  # trailing
            nameserverx 1.1.1.1
            nameserver not-an-ip
            options timeout:1 attempts:3
            	nameserver	192.0.2.53
            """;
        Assert.Equal(
            [new IPEndPoint(IPAddress.Parse("10.0.0.53"), 53), new IPEndPoint(IPAddress.Parse("2001:db8::53"), 53), new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53)],
            ResolvConf.ParseNameServers(text));
    }

    [Fact]
    public void Missing_file_falls_back_to_localhost()
    {
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 53)], ResolvConf.LoadNameServers("/nonexistent/resolv.conf"));
    }
}
