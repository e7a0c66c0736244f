using System.Text;
using Palisade.Sip.Message;
using Palisade.Sip.Tests.Corpus;

namespace Palisade.Sip.Tests.Message;

public sealed class MultipartBodyTests
{
    private static MultipartBody Parse(string contentType, string body)
    {
        Assert.True(MultipartBody.TryParse(Encoding.UTF8.GetBytes(contentType), Encoding.UTF8.GetBytes(body), out MultipartBody? m, out string? error), error);
        return m!;
    }

    private static string Content(MultipartPart part, string body) => Encoding.UTF8.GetString(part.GetBody(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Rfc4475_mpart01_binary_part_with_nul_bytes()
    {
        SipMessage message = Rfc4475Tests.ParseOk("mpart01.dat");
        Assert.True(MultipartBody.TryParse(message.GetValue(HeaderId.ContentType), message.Body, out MultipartBody? body, out string? error), error);
        Assert.Equal("multipart/mixed", body!.MediaType);
        Assert.Equal("7a9cbec02ceef655", body.Boundary);
        Assert.Equal(2, body.Parts.Count);

        MultipartPart text = body.Parts[0];
        Assert.Equal("text/plain", text.ContentType);
        Assert.Equal("binary", text.GetHeader("content-transfer-encoding"));
        Assert.Equal("Hello", Encoding.ASCII.GetString(text.GetBody(message.Body)));

        MultipartPart binary = body.Parts[1];
        Assert.Equal("application/octet-stream", binary.ContentType);
        ReadOnlySpan<byte> der = binary.GetBody(message.Body);
        Assert.Equal(342, der.Length);
        Assert.Equal(2, der.Count((byte)0));
        Assert.Equal("30820152", Convert.ToHexString(der[..4]));
        Assert.Equal("BC99D005", Convert.ToHexString(der[^4..]));
        Assert.Equal(message.Body[binary.BodyRange].ToArray(), der.ToArray());
    }

    [Fact]
    public void Sdp_and_pidf_lo_with_quoted_boundary_preamble_and_epilogue()
    {
        // RFC 6442 §3.5 style: SDP plus a PIDF-LO location for an emergency call.
        const string body =
            "preamble to ignore\r\n" +
            "--boundary1\r\n" +
            "Content-Type: application/sdp\r\n\r\n" +
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n" +
            "\r\n--boundary1   \r\n" +
            "Content-Type: application/pidf+xml\r\n" +
            "Content-ID: <target123@atlanta.example.com>\r\n\r\n" +
            "<presence/>\r\n" +
            "--boundary1--\r\nepilogue";
        MultipartBody m = Parse("multipart/mixed; boundary=\"boundary1\"", body);
        Assert.Equal(2, m.Parts.Count);
        Assert.Equal("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n", Content(m.Find("application/sdp")!, body));
        MultipartPart pidf = m.Find("application/pidf+xml")!;
        Assert.Equal("<presence/>", Content(pidf, body));
        Assert.Equal("<target123@atlanta.example.com>", pidf.GetHeader("Content-ID"));
        Assert.Null(m.Find("text/html"));
    }

    [Fact]
    public void Part_without_headers_is_text_plain_and_bare_lf_works()
    {
        const string body = "--b\n\nplain words\n--b\nContent-Type: Application/SDP; charset=x\n\nv=0\n--b--";
        MultipartBody m = Parse("Multipart/Related;type=application/sdp;boundary=b", body);
        Assert.Equal("multipart/related", m.MediaType);
        Assert.Equal("text/plain", m.Parts[0].ContentType);
        Assert.Equal("plain words", Content(m.Parts[0], body));
        Assert.Equal("application/sdp", m.Parts[1].ContentType);
        Assert.Equal("v=0", Content(m.Parts[1], body));
    }

    [Fact]
    public void Boundary_text_inside_a_line_is_not_a_delimiter()
    {
        const string body = "--b\r\n\r\nx--b y\r\n--b--\r\n";
        MultipartBody m = Parse("multipart/mixed;boundary=b", body);
        Assert.Single(m.Parts);
        Assert.Equal("x--b y", Content(m.Parts[0], body));
    }

    [Theory]
    [InlineData("application/sdp", "--b\r\n\r\nx\r\n--b--", "not multipart")]
    [InlineData("multipart/mixed", "--b\r\n\r\nx\r\n--b--", "boundary")]
    [InlineData("multipart/mixed;boundary=", "--b\r\n\r\nx\r\n--b--", "boundary")]
    [InlineData("multipart/mixed;boundary=b", "no delimiter here", "does not contain")]
    [InlineData("multipart/mixed;boundary=b", "--b\r\n\r\nx\r\n", "no closing")]
    [InlineData("multipart/mixed;boundary=b", "--bjunk\r\n\r\nx\r\n--b--", "line break")]
    [InlineData("multipart/mixed;boundary=b", "--b--", "no parts")]
    [InlineData("multipart/mixed;boundary=b", "--b\r\nbad header\r\n\r\nx\r\n--b--", "malformed")]
    public void Malformed(string contentType, string body, string fragment)
    {
        Assert.False(MultipartBody.TryParse(Encoding.ASCII.GetBytes(contentType), Encoding.ASCII.GetBytes(body), out MultipartBody? m, out string? error));
        Assert.Null(m);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_parts()
    {
        var sb = new StringBuilder();
        for (int i = 0; i <= MultipartBody.MaxParts; i++)
            sb.Append("--b\r\n\r\nx\r\n");
        sb.Append("--b--");
        Assert.False(MultipartBody.TryParse("multipart/mixed;boundary=b"u8, Encoding.ASCII.GetBytes(sb.ToString()), out _, out string? error));
        Assert.Contains("too many", error, StringComparison.Ordinal);
    }
}
