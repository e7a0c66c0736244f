using System.Globalization;
using System.Text;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests.Hostile;

/// <summary>
/// RFC 5118 IPv6 torture messages over UDP to a running (IPv4) node: IPv6 references in the Request-URI, Via,
/// Contact and SDP must not break it. ipv6-bad (an IPv6 Request-URI host without brackets, §4.2) is answered 400;
/// every other file gets the normal answer to its method, as if its addresses were ordinary. Responses go to the
/// datagram's source (RFC 3581 style), so the documentation-prefix addresses in the Via do not matter.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class Rfc5118UdpTests(HostileNode fixture) : IClassFixture<HostileNode>
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(RepoPaths.TestData("rfc5118")).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            if (name is not ("README.md" or "SHA256SUMS"))
                data.Add(name);
        }
        return data;
    }

    [Fact]
    public void Corpus_has_the_twelve_messages_of_rfc5118()
    {
        Assert.Equal(12, Files().Count);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Udp_answer_is_the_methods_normal_answer(string file)
    {
        byte[] wire = WireForm(file);
        string method = Encoding.ASCII.GetString(wire, 0, Array.IndexOf(wire, (byte)' '));
        int expected = file == "ipv6-bad" ? 400 : NormalAnswer(method);

        List<int> codes = await SipProbe.UdpAsync(fixture.Node.UdpPort, wire, TimeSpan.FromMilliseconds(1500));
        Assert.True(SipProbe.OnlyAnswered(codes, expected), $"{file} ({method}): expected [{expected}], got [{string.Join(',', codes)}]");
        await fixture.AssertServingAsync(file);
    }

    /// <summary>What the node answers a well-formed request of this method addressed to it (no call engine yet).</summary>
    private static int NormalAnswer(string method) => method switch
    {
        "OPTIONS" => 200,
        "INVITE" => 403,                                                  // well-formed, from a source no trunk allows
        "BYE" or "INFO" or "PRACK" or "UPDATE" or "REFER" or "NOTIFY" => 481, // in-dialog: no such dialog
        "REGISTER" or "MESSAGE" or "SUBSCRIBE" or "PUBLISH" => 405,      // not a registrar, not a presence server
        _ => throw new InvalidOperationException("no expectation for method " + method),
    };

    /// <summary>
    /// The archive's bare-LF text as a peer would send it (README): CRLF line ends, the header block terminated,
    /// Content-Length recomputed from the converted body; and a unique Via branch and Call-ID, since several files
    /// share them and a repeat would be a retransmission to the node (RFC 3261 §17.2.3).
    /// </summary>
    private static byte[] WireForm(string file)
    {
        string text = File.ReadAllText(RepoPaths.TestData("rfc5118", file), Encoding.UTF8);
        Assert.DoesNotContain('\r', text);
        int split = text.IndexOf("\n\n", StringComparison.Ordinal);
        string head = split < 0 ? text.TrimEnd('\n') : text[..split];
        string body = split < 0 ? "" : text[(split + 2)..].Replace("\n", "\r\n", StringComparison.Ordinal);
        string unique = Guid.NewGuid().ToString("N")[..10];
        var lines = head.Split('\n').Select(line =>
            line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)
                ? "Content-Length: " + Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture)
                : line.Replace("branch=z9hG4bK", "branch=z9hG4bK" + unique, StringComparison.Ordinal)
                    .Replace("Call-ID: ", "Call-ID: " + unique, StringComparison.Ordinal));
        return Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n\r\n" + body);
    }
}
