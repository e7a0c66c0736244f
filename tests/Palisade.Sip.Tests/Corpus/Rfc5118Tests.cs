using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Corpus;

/// <summary>
/// RFC 5118 IPv6 torture messages (../shared/testdata/rfc5118). The archive uses bare LF, two files lack the empty
/// line and three declare a Content-Length that matches no form of their body (see the folder's README), so each
/// file is tested in its wire form (as sipx's Case::wire(): terminate the header block, recompute Content-Length)
/// both with the archive's bare LF and converted to CRLF.
/// </summary>
public sealed class Rfc5118Tests
{
    private const string Folder = "rfc5118";

    private static readonly (string File, ParseOutcome Outcome, int Status)[] Table =
    [
        ("ipv6-good", ParseOutcome.Ok, 0),                     // 4.1
        ("ipv6-bad", ParseOutcome.Reply, 400),                 // 4.2 IPv6 R-URI without brackets
        ("port-ambiguous", ParseOutcome.Ok, 0),                // 4.3
        ("port-unambiguous", ParseOutcome.Ok, 0),              // 4.4
        ("via-received-param-with-delim", ParseOutcome.Ok, 0), // 4.5
        ("via-received-param-no-delim", ParseOutcome.Ok, 0),   // 4.5
        ("ipv6-in-sdp", ParseOutcome.Ok, 0),                   // 4.6
        ("mult-ip-in-header", ParseOutcome.Ok, 0),             // 4.7
        ("mult-ip-in-sdp", ParseOutcome.Ok, 0),                // 4.8
        ("ipv4-mapped-ipv6", ParseOutcome.Ok, 0),              // 4.9
        ("ipv6-bug-abnf-3-colons", ParseOutcome.Ok, 0),        // 4.10 robust parsers accept the extra colon
        ("ipv6-correct-abnf-2-colons", ParseOutcome.Ok, 0),    // 4.10
    ];

    public static TheoryData<string, ParseOutcome, int, bool> Cases()
    {
        var data = new TheoryData<string, ParseOutcome, int, bool>();
        foreach ((string file, ParseOutcome outcome, int status) in Table)
        {
            data.Add(file, outcome, status, false);
            data.Add(file, outcome, status, true);
        }
        return data;
    }

    /// <summary>The message as it would be sent: header block terminated, Content-Length matching the body.</summary>
    internal static byte[] WireForm(string file, bool crlf)
    {
        string text = Encoding.UTF8.GetString(TestData.Read(Folder, file));
        int split = text.IndexOf("\n\n", StringComparison.Ordinal);
        string head = split < 0 ? text.TrimEnd('\n') : text[..split];
        string body = split < 0 ? "" : text[(split + 2)..];
        string eol = crlf ? "\r\n" : "\n";
        var lines = head.Split('\n').Select(l => l.StartsWith("Content-Length:", StringComparison.Ordinal) ? "Content-Length: {CL}" : l);
        string bodyOut = body.Replace("\n", eol, StringComparison.Ordinal);
        string headOut = string.Join(eol, lines).Replace("{CL}", Encoding.UTF8.GetByteCount(bodyOut).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(headOut + eol + eol + bodyOut);
    }

    internal static SipMessage ParseOk(string file, bool crlf = true)
    {
        SipMessage? m = SipParser.ParseDatagram(WireForm(file, crlf), out SipParseError error);
        Assert.True(error.Outcome == ParseOutcome.Ok, file + ": " + error);
        return m!;
    }

    [Fact]
    public void Table_lists_every_file_of_the_corpus()
    {
        string[] onDisk = Directory.GetFiles(TestData.PathOf(Folder)).Select(Path.GetFileName)
            .Where(n => n is not ("README.md" or "SHA256SUMS")).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(12, onDisk.Length);
        Assert.Equal(onDisk, Table.Select(t => t.File).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parser_outcome_matches_the_table(string file, ParseOutcome outcome, int status, bool crlf)
    {
        SipParser.ParseDatagram(WireForm(file, crlf), out SipParseError error);
        Assert.True(outcome == error.Outcome, $"{file}: expected {outcome} {status}, got {error}");
        Assert.Equal(status, error.Status);
    }

    [Fact]
    public void Raw_archive_files_with_an_empty_line_and_no_body_parse_as_bare_lf()
    {
        foreach (string file in new[] { "ipv6-good", "port-unambiguous", "mult-ip-in-header", "via-received-param-no-delim" })
        {
            SipParser.ParseDatagram(TestData.Read(Folder, file), out SipParseError error);
            Assert.True(error.Outcome == ParseOutcome.Ok, file + ": " + error);
        }
        // The 4.10 files lack the empty line: as received they are an unterminated header block.
        SipParser.ParseDatagram(TestData.Read(Folder, "ipv6-correct-abnf-2-colons"), out SipParseError e2);
        Assert.Equal(400, e2.Status);
    }

    [Fact]
    public void Ipv6_good_hosts_in_request_uri_via_and_contact()
    {
        SipMessage m = ParseOk("ipv6-good");
        Assert.Equal("[2001:db8::10]", m.RequestUri!.Host);
        Assert.Null(m.RequestUri.Port);
        Assert.Equal("[2001:db8::9:1]", m.TopVia!.Host);
        Assert.True(NameAddress.TryParse(m.GetValue(HeaderId.Contact), out NameAddress? c, out _));
        Assert.Equal("[2001:db8::1]", c!.Uri.Host);
        Assert.Equal("caller", c.Uri.User);
    }

    [Fact]
    public void Ipv6_bad_names_the_request_uri()
    {
        SipParser.ParseDatagram(WireForm("ipv6-bad", true), out SipParseError error);
        Assert.Contains("Request-URI", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_inside_the_brackets_is_not_a_port()
    {
        SipMessage m = ParseOk("port-ambiguous");
        Assert.Equal("[2001:db8::10:5070]", m.RequestUri!.Host);
        Assert.Null(m.RequestUri.Port);

        m = ParseOk("port-unambiguous");
        Assert.Equal("[2001:db8::10]", m.RequestUri!.Host);
        Assert.Equal(5070, m.RequestUri.Port);
    }

    [Fact]
    public void Via_received_with_and_without_brackets()
    {
        Assert.Equal("[2001:db8::9:255]", ParseOk("via-received-param-with-delim").TopVia!.Received);
        SipMessage m = ParseOk("via-received-param-no-delim");
        Assert.Equal("2001:db8::9:255", m.TopVia!.Received);
        Assert.Equal("z9hG4bKas3", m.TopVia.Branch);
    }

    [Fact]
    public void Mixed_ipv4_and_ipv6_vias()
    {
        SipMessage m = ParseOk("mult-ip-in-header");
        Assert.Equal(3, m.ViaCount);
        var hosts = new List<(string, int?, string)>();
        for (int i = m.IndexOf(HeaderId.Via); i >= 0; i = m.IndexOf(HeaderId.Via, i + 1))
        {
            Assert.True(ViaHeader.TryParse(m.GetValue(m.Headers[i]), out ViaHeader? v, out _));
            hosts.Add((v!.Host, v.Port, v.Transport));
        }
        Assert.Equal([("[2001:db8::9:1]", 6050, "UDP"), ("192.0.2.1", null, "UDP"), ("[2001:db8::9:255]", null, "TCP")], hosts);
    }

    [Fact]
    public void Ipv4_mapped_addresses()
    {
        SipMessage m = ParseOk("ipv4-mapped-ipv6");
        Assert.Equal("[::ffff:192.0.2.10]", m.TopVia!.Host);
        Assert.Equal(19823, m.TopVia.Port);
        Assert.True(NameAddress.TryParse(m.GetValue(HeaderId.Contact), out NameAddress? c, out _));
        Assert.Equal("[::ffff:192.0.2.2]", c!.Uri.Host);
        Assert.Equal("\"T. desk phone\"", c.DisplayName);
    }

    [Fact]
    public void Abnf_colon_variants()
    {
        Assert.Equal("[2001:db8::192.0.2.1]", ParseOk("ipv6-correct-abnf-2-colons").RequestUri!.Host);
        Assert.Equal("[2001:db8:::192.0.2.1]", ParseOk("ipv6-bug-abnf-3-colons").RequestUri!.Host);
    }
}
