using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Corpus;

/// <summary>
/// RFC 4475 torture messages (../shared/testdata/rfc4475), each file parsed as one UDP datagram. The table below is
/// the parser-level verdict for every file; application-layer refusals (3.3.x: 416, 420, 415, 406, 483) are made by
/// <see cref="UasRequestChecks"/> and tested in <see cref="Rfc4475UasCheckTests"/>.
/// </summary>
public sealed class Rfc4475Tests
{
    private const string Folder = "rfc4475";

    /// <summary>file → (outcome, status). One row per file in the archive; a new file fails <see cref="Table_lists_every_file_of_the_corpus"/>.</summary>
    private static readonly (string File, ParseOutcome Outcome, int Status, string Why)[] Table =
    [
        // 3.1.1 valid messages: must parse.
        ("wsinv.dat", ParseOutcome.Ok, 0, "3.1.1.1 folding, LWS, compact forms"),
        ("intmeth.dat", ParseOutcome.Ok, 0, "3.1.1.2 wide range of valid characters"),
        ("esc01.dat", ParseOutcome.Ok, 0, "3.1.1.3 valid % escaping"),
        ("escnull.dat", ParseOutcome.Ok, 0, "3.1.1.4 escaped NULs"),
        ("esc02.dat", ParseOutcome.Ok, 0, "3.1.1.5 % that is not an escape"),
        ("lwsdisp.dat", ParseOutcome.Ok, 0, "3.1.1.6 no LWS between display name and <"),
        ("longreq.dat", ParseOutcome.Ok, 0, "3.1.1.7 long values"),
        ("dblreq.dat", ParseOutcome.Ok, 0, "3.1.1.8 trailing octets ignored"),
        ("semiuri.dat", ParseOutcome.Ok, 0, "3.1.1.9 ';' in the user part"),
        ("transports.dat", ParseOutcome.Ok, 0, "3.1.1.10 unknown Via transports"),
        ("mpart01.dat", ParseOutcome.Ok, 0, "3.1.1.11 multipart with binary part"),
        ("unreason.dat", ParseOutcome.Ok, 0, "3.1.1.12 UTF-8 reason phrase"),
        ("noreason.dat", ParseOutcome.Ok, 0, "3.1.1.13 empty reason phrase"),

        // 3.1.2 invalid messages.
        ("badinv01.dat", ParseOutcome.Reply, 400, "3.1.2.1 ;;,;,, in Via and Contact"),
        ("clerr.dat", ParseOutcome.Reply, 400, "3.1.2.2 Content-Length larger than the datagram"),
        ("ncl.dat", ParseOutcome.Reply, 400, "3.1.2.3 negative Content-Length"),
        ("scalar02.dat", ParseOutcome.Reply, 400, "3.1.2.4 CSeq > 2^32-1"),
        ("scalarlg.dat", ParseOutcome.Drop, 0, "3.1.2.5 response with overlarge scalars: discard"),
        ("quotbal.dat", ParseOutcome.Reply, 400, "3.1.2.6 unterminated quoted display name"),
        ("ltgtruri.dat", ParseOutcome.Reply, 400, "3.1.2.7 <> around the Request-URI"),
        ("lwsruri.dat", ParseOutcome.Reply, 400, "3.1.2.8 LWS inside the Request-URI"),
        ("lwsstart.dat", ParseOutcome.Reply, 400, "3.1.2.9 several SP in the Request-Line"),
        ("trws.dat", ParseOutcome.Reply, 400, "3.1.2.10 SP at the end of the Request-Line"),
        ("escruri.dat", ParseOutcome.Reply, 400, "3.1.2.11 escaped headers in the Request-URI"),
        ("baddate.dat", ParseOutcome.Ok, 0, "3.1.2.12 non-GMT Date: Palisade never interprets Date, so it is liberal here"),
        ("regbadct.dat", ParseOutcome.Reply, 400, "3.1.2.13 URI with '?' not enclosed in <>"),
        ("badaspec.dat", ParseOutcome.Reply, 400, "3.1.2.14 spaces inside <>"),
        ("baddn.dat", ParseOutcome.Reply, 400, "3.1.2.15 non-token display name (and no empty line in the archive)"),
        ("badvers.dat", ParseOutcome.Reply, 505, "3.1.2.16 SIP/7.0"),
        ("mismatch01.dat", ParseOutcome.Reply, 400, "3.1.2.17 CSeq method differs from the Request-Line"),
        ("mismatch02.dat", ParseOutcome.Reply, 501, "3.1.2.18 unknown method and CSeq mismatch"),
        ("bigcode.dat", ParseOutcome.Drop, 0, "3.1.2.19 status code > 699: drop"),

        // 3.2 transaction layer: parses; the transaction layer falls back to RFC 2543 matching.
        ("badbranch.dat", ParseOutcome.Ok, 0, "3.2.1 branch is only the magic cookie"),

        // 3.3 application layer: parser-level verdicts only.
        ("insuf.dat", ParseOutcome.Reply, 400, "3.3.1 no Call-ID, From, To"),
        ("unkscm.dat", ParseOutcome.Ok, 0, "3.3.2 unknown scheme: 416 by UasRequestChecks"),
        ("novelsc.dat", ParseOutcome.Ok, 0, "3.3.3 atypical scheme: 416 by UasRequestChecks"),
        ("unksm2.dat", ParseOutcome.Ok, 0, "3.3.4 unknown schemes in To/From/Contact"),
        ("bext01.dat", ParseOutcome.Ok, 0, "3.3.5 unknown Require: 420 by UasRequestChecks"),
        ("invut.dat", ParseOutcome.Ok, 0, "3.3.6 unknown Content-Type: 415 by UasRequestChecks"),
        ("regaut01.dat", ParseOutcome.Ok, 0, "3.3.7 unknown Authorization scheme"),
        ("multi01.dat", ParseOutcome.Reply, 400, "3.3.8 several values in single-value headers"),
        ("mcl01.dat", ParseOutcome.Reply, 400, "3.3.9 two Content-Length headers"),
        ("bcast.dat", ParseOutcome.Ok, 0, "3.3.10 response with a broadcast Via: the parser must not fail"),
        ("zeromf.dat", ParseOutcome.Ok, 0, "3.3.11 Max-Forwards 0: 483 when forwarding, by UasRequestChecks"),
        ("cparam01.dat", ParseOutcome.Ok, 0, "3.3.12 contact-param"),
        ("cparam02.dat", ParseOutcome.Ok, 0, "3.3.13 url-parameter"),
        ("regescrt.dat", ParseOutcome.Ok, 0, "3.3.14 escaped header in a Contact URI"),
        ("sdp01.dat", ParseOutcome.Ok, 0, "3.3.15 Accept without SDP: 406 by UasRequestChecks"),

        // 3.4 backward compatibility.
        ("inv2543.dat", ParseOutcome.Ok, 0, "3.4.1 RFC 2543 INVITE"),

        // In the archive, described by no section: no SIP-Version on the Request-Line and a line without a colon.
        ("test.dat", ParseOutcome.Reply, 400, "unreferenced: malformed Request-Line"),
    ];

    public static TheoryData<string, ParseOutcome, int> Cases()
    {
        var data = new TheoryData<string, ParseOutcome, int>();
        foreach ((string file, ParseOutcome outcome, int status, _) in Table)
            data.Add(file, outcome, status);
        return data;
    }

    internal static SipMessage? Parse(string file, out SipParseError error) => SipParser.ParseDatagram(TestData.Read(Folder, file), out error);

    internal static SipMessage ParseOk(string file)
    {
        SipMessage? m = Parse(file, out SipParseError error);
        Assert.True(error.Outcome == ParseOutcome.Ok, file + ": " + error);
        Assert.NotNull(m);
        return m;
    }

    [Fact]
    public void Table_lists_every_file_of_the_corpus()
    {
        string[] onDisk = Directory.GetFiles(TestData.PathOf(Folder), "*.dat").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        string[] inTable = Table.Select(t => t.File).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(50, onDisk.Length);
        Assert.Equal(onDisk, inTable);

        // EXPECTATIONS.csv names the same files.
        string[] inCsv = File.ReadAllLines(TestData.PathOf(Folder, "EXPECTATIONS.csv")).Skip(1)
            .Where(l => l.Length > 0).Select(l => l[..l.IndexOf(',', StringComparison.Ordinal)]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(onDisk, inCsv);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parser_outcome_matches_the_table(string file, ParseOutcome outcome, int status)
    {
        SipMessage? m = Parse(file, out SipParseError error);
        Assert.True(outcome == error.Outcome, $"{file}: expected {outcome} {status}, got {error}");
        Assert.Equal(status, error.Status);
        if (outcome == ParseOutcome.Ok)
            Assert.NotNull(m);
        if (outcome == ParseOutcome.Reply)
        {
            // A reply needs the request back, with what it takes to build a matching response.
            Assert.NotNull(m);
            Assert.True(m.IsRequest);
            Assert.False(string.IsNullOrEmpty(error.Detail));
        }
        if (outcome == ParseOutcome.Drop)
            Assert.False(string.IsNullOrEmpty(error.Detail));
    }

    [Fact]
    public void Wsinv_folding_compact_forms_and_lws()
    {
        SipMessage m = ParseOk("wsinv.dat");
        Assert.Equal(SipMethod.Invite, m.Method);
        Assert.Equal("1918181833n", m.ToTag);
        Assert.Equal("98asjd8", m.FromTag);
        Assert.Equal("\"J Rosenberg \\\\\\\"\"", m.From!.DisplayName);
        Assert.Equal(68, m.MaxForwards);
        Assert.Equal(9u, m.CSeq);
        Assert.Equal(SipMethod.Invite, m.CSeqMethod);
        Assert.Equal("wsinv.ndaksdj@192.0.2.1", m.CallId);
        Assert.Equal(3, m.ViaCount);
        Assert.Equal("UDP", m.TopVia!.Transport);
        Assert.Equal("192.0.2.2", m.TopVia.Host);
        Assert.Equal("390skdjuw", m.TopVia.Branch);
        Assert.Equal(150, m.BodyLength);
        Assert.Equal("application/sdp", m.ContentType);
        Assert.Equal("unknownparam", m.RequestUri!.Parameters[0].Key);

        // Subject ("s :") is present and empty; the unknown header keeps its folded value untouched.
        int subject = m.IndexOf(HeaderId.Subject);
        Assert.True(subject >= 0);
        Assert.Equal(0, m.GetValue(m.Headers[subject]).Length);
        int nf = m.IndexOf("newfangledheader"u8);
        Assert.Equal("newfangled value\r\n continued newfangled value", Encoding.ASCII.GetString(m.GetValue(m.Headers[nf])));

        int contact = m.IndexOf(HeaderId.Contact);
        Assert.True(NameAddress.TryParse(m.GetValue(m.Headers[contact]), out NameAddress? c, out _));
        Assert.Equal("\"Quoted string \\\"\\\"\"", c!.DisplayName);
        Assert.Equal("newvalue", c.GetParameter("newparam"));
        Assert.Equal("", c.GetParameter("secondparam"));
        Assert.Equal("0.33", c.GetParameter("q"));
    }

    [Fact]
    public void Intmeth_keeps_the_extension_method_and_unusual_uri()
    {
        SipMessage m = ParseOk("intmeth.dat");
        Assert.Equal(SipMethod.Extension, m.Method);
        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", m.MethodText);
        Assert.Equal(m.MethodText, m.CSeqMethodText);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", m.RequestUri!.User);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", m.RequestUri.Password);
        Assert.Equal("example.com", m.RequestUri.Host);
        Assert.Equal("_token~1'+`*%!-.", m.FromTag);
        Assert.Equal("token1~` token2'+_ token3*%!.-", m.From!.DisplayName);
        Assert.Equal(255, m.MaxForwards);
    }

    [Fact]
    public void Esc01_unescapes_once()
    {
        SipMessage m = ParseOk("esc01.dat");
        Assert.Equal("sips%3Auser%40example.com", m.RequestUri!.User);
        Assert.Equal("sips:user@example.com", SipUri.Unescape(m.RequestUri.User!));
        Assert.Equal("user", SipUri.Unescape(m.To!.Uri.User!));
        Assert.Equal("I have spaces", SipUri.Unescape(m.From!.Uri.User!));

        int contact = m.IndexOf(HeaderId.Contact);
        Assert.True(NameAddress.TryParse(m.GetValue(m.Headers[contact]), out NameAddress? c, out _));
        Assert.Equal("caller", SipUri.Unescape(c!.Uri.User!));
        Assert.Equal("lr", SipUri.Unescape(c.Uri.Parameters[0].Key));
        Assert.Equal("name", SipUri.Unescape(c.Uri.Parameters[1].Key));
        Assert.Equal("value%41", SipUri.Unescape(c.Uri.Parameters[1].Value!)); // not "valueA"
        Assert.Equal("application/sdp", m.ContentType);
    }

    [Fact]
    public void Escnull_does_not_truncate_at_nul()
    {
        SipMessage m = ParseOk("escnull.dat");
        string user = SipUri.Unescape(m.To!.Uri.User!);
        Assert.Equal("null-\0-null", user);
        Assert.Equal(11, user.Length);

        var contacts = new List<string>();
        for (int i = m.IndexOf(HeaderId.Contact); i >= 0; i = m.IndexOf(HeaderId.Contact, i + 1))
        {
            Assert.True(NameAddress.TryParse(m.GetValue(m.Headers[i]), out NameAddress? c, out _));
            contacts.Add(SipUri.Unescape(c!.Uri.User!));
        }
        Assert.Equal(["\0", "\0\0"], contacts);
    }

    [Fact]
    public void Esc02_percent_in_method_and_header_name_is_not_an_escape()
    {
        SipMessage m = ParseOk("esc02.dat");
        Assert.Equal(SipMethod.Extension, m.Method);
        Assert.Equal("RE%47IST%45R", m.MethodText);
        int contacts = 0;
        foreach (HeaderField h in m.Headers)
            contacts += h.Id == HeaderId.Contact ? 1 : 0;
        Assert.Equal(2, contacts);
        Assert.True(m.IndexOf("C%6Fntact"u8) >= 0);
        Assert.Equal("\"%Z%45\"", m.To!.DisplayName);
    }

    [Fact]
    public void Lwsdisp_display_name_without_lws()
    {
        SipMessage m = ParseOk("lwsdisp.dat");
        Assert.Equal("caller", m.From!.DisplayName);
        Assert.Equal("323", m.FromTag);
    }

    [Fact]
    public void Longreq_long_values()
    {
        SipMessage m = ParseOk("longreq.dat");
        Assert.Equal(34, m.ViaCount);
        Assert.Equal("sip33.example.com", m.TopVia!.Host);
        Assert.Equal(3882340u, m.CSeq);
        Assert.Equal(6000, m.To!.Uri.Port);
        Assert.StartsWith("\"I have a user name of extremeextreme", m.To.DisplayName, StringComparison.Ordinal);
        Assert.Equal("12982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982424", m.FromTag);
        Assert.Equal(70, m.MaxForwards);
        Assert.Equal(150, m.BodyLength);
        Assert.StartsWith("longreq.onereallyreallyreally", m.CallId, StringComparison.Ordinal);

        // The bottom Via carries received= and a long branch.
        int last = -1;
        for (int i = m.IndexOf(HeaderId.Via); i >= 0; i = m.IndexOf(HeaderId.Via, i + 1))
            last = i;
        Assert.True(ViaHeader.TryParse(m.GetValue(m.Headers[last]), out ViaHeader? bottom, out _));
        Assert.Equal("192.0.2.5", bottom!.Received);
        Assert.EndsWith("longbranchvalue", bottom.Branch, StringComparison.Ordinal);
    }

    [Fact]
    public void Dblreq_ignores_the_trailing_request()
    {
        byte[] raw = TestData.Read(Folder, "dblreq.dat");
        SipMessage m = ParseOk("dblreq.dat");
        Assert.Equal(SipMethod.Register, m.Method);
        Assert.Equal(0, m.BodyLength);
        Assert.Equal(m.BodyStart, m.Bytes.Length);
        Assert.True(m.Bytes.Length < raw.Length);
        Assert.True(m.Bytes.IndexOf("INVITE"u8) < 0);
    }

    [Fact]
    public void Semiuri_user_part_holds_the_semicolon_parameter()
    {
        SipMessage m = ParseOk("semiuri.dat");
        Assert.Equal("user;par=u%40example.net", m.RequestUri!.User);
        Assert.Equal("user;par=u@example.net", SipUri.Unescape(m.RequestUri.User!));
        Assert.Equal("example.com", m.RequestUri.Host);
        Assert.Empty(m.RequestUri.Parameters);
    }

    [Fact]
    public void Transports_keeps_every_via_and_unknown_transports()
    {
        SipMessage m = ParseOk("transports.dat");
        Assert.Equal(5, m.ViaCount);
        var transports = new List<string>();
        for (int i = m.IndexOf(HeaderId.Via); i >= 0; i = m.IndexOf(HeaderId.Via, i + 1))
        {
            Assert.True(ViaHeader.TryParse(m.GetValue(m.Headers[i]), out ViaHeader? v, out _));
            transports.Add(v!.Transport);
        }
        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], transports);
    }

    [Fact]
    public void Mpart01_frames_the_binary_body()
    {
        SipMessage m = ParseOk("mpart01.dat");
        Assert.Equal(553, m.BodyLength);
        Assert.True(m.Body.IndexOf((byte)0) >= 0);
        Assert.Equal("multipart/mixed", m.ContentType);
        Assert.Equal(SipMethod.Message, m.Method);
    }

    [Fact]
    public void Unreason_keeps_the_utf8_reason_phrase()
    {
        SipMessage m = ParseOk("unreason.dat");
        Assert.False(m.IsRequest);
        Assert.Equal(200, m.StatusCode);
        Assert.Equal("= 2**3 * 5**2 но сто девяносто девять - простое", Encoding.UTF8.GetString(m.ReasonPhrase));
        Assert.Equal(SipMethod.Invite, m.Method);
    }

    [Fact]
    public void Noreason_has_an_empty_reason_phrase()
    {
        SipMessage m = ParseOk("noreason.dat");
        Assert.Equal(100, m.StatusCode);
        Assert.Equal(0, m.ReasonPhrase.Length);
    }

    [Fact]
    public void Inv2543_has_no_branch_no_tag_no_max_forwards()
    {
        SipMessage m = ParseOk("inv2543.dat");
        Assert.Null(m.TopVia!.Branch);
        Assert.False(m.TopVia.HasRfc3261Branch);
        Assert.Null(m.FromTag);
        Assert.Null(m.MaxForwards);
        Assert.True(m.BodyLength > 0); // no Content-Length on a datagram: the body runs to the end
    }

    [Fact]
    public void Badbranch_is_not_an_rfc3261_branch()
    {
        SipMessage m = ParseOk("badbranch.dat");
        Assert.Equal("z9hG4bK", m.TopVia!.Branch);
        Assert.False(m.TopVia.HasRfc3261Branch);
    }

    [Fact]
    public void Unknown_schemes_in_headers_parse_as_opaque_uris()
    {
        SipMessage m = ParseOk("unksm2.dat");
        Assert.Equal(UriScheme.Other, m.To!.Uri.Scheme);
        Assert.Equal("isbn", m.To.Uri.SchemeText);
        Assert.Equal("http", m.From!.Uri.SchemeText);
    }

    [Fact]
    public void Cparam_contact_param_versus_url_param()
    {
        SipMessage m1 = ParseOk("cparam01.dat");
        Assert.True(NameAddress.TryParse(m1.GetValue(HeaderId.Contact), out NameAddress? c1, out _));
        Assert.Empty(c1!.Uri.Parameters);
        Assert.Equal("", c1.GetParameter("unknownparam"));

        SipMessage m2 = ParseOk("cparam02.dat");
        Assert.True(NameAddress.TryParse(m2.GetValue(HeaderId.Contact), out NameAddress? c2, out _));
        Assert.Equal("", c2!.Uri.GetParameter("unknownparam"));
        Assert.Null(c2.GetParameter("unknownparam"));
    }

    [Fact]
    public void Regescrt_keeps_the_escaped_route_in_the_contact_uri()
    {
        SipMessage m = ParseOk("regescrt.dat");
        Assert.True(NameAddress.TryParse(m.GetValue(HeaderId.Contact), out NameAddress? c, out _));
        Assert.Equal("Route=%3Csip:sip.example.com%3E", c!.Uri.Headers);
    }

    [Fact]
    public void Bcast_response_parses_with_both_vias()
    {
        SipMessage m = ParseOk("bcast.dat");
        Assert.False(m.IsRequest);
        Assert.Equal(2, m.ViaCount);
        Assert.Equal("192.0.2.198", m.TopVia!.Host);
    }

    [Fact]
    public void Refused_requests_still_carry_what_a_response_needs()
    {
        SipMessage? m = Parse("badvers.dat", out SipParseError error);
        Assert.Equal(505, error.Status);
        Assert.Equal("badvers.31417@c.example.com", m!.CallId);
        Assert.Equal("OPTIONS", m.CSeqMethodText);

        m = Parse("scalar02.dat", out error);
        Assert.Equal(400, error.Status);
        Assert.Contains("CSeq", error.Detail, StringComparison.Ordinal);
    }
}
