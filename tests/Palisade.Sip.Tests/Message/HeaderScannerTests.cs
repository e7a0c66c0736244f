using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Message;

public sealed class HeaderScannerTests
{
    private static (HeaderScanStatus Status, HeaderField[] Fields, int BodyStart) Scan(string text, int max = 64)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var fields = new HeaderField[max];
        HeaderScanStatus s = HeaderScanner.Scan(bytes, 0, fields, out int count, out int bodyStart);
        return (s, fields[..count], bodyStart);
    }

    private static string Value(string text, HeaderField f) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text), f.ValueStart, f.ValueLength);

    private static string Name(string text, HeaderField f) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text), f.NameStart, f.NameLength);

    [Fact]
    public void Splits_lines_and_finds_the_body()
    {
        const string text = "Via: SIP/2.0/UDP h\r\nTo: <sip:a@b>\r\n\r\nbody";
        var (status, fields, bodyStart) = Scan(text);
        Assert.Equal(HeaderScanStatus.Ok, status);
        Assert.Equal(2, fields.Length);
        Assert.Equal(HeaderId.Via, fields[0].Id);
        Assert.Equal("SIP/2.0/UDP h", Value(text, fields[0]));
        Assert.Equal(HeaderId.To, fields[1].Id);
        Assert.Equal(text.IndexOf("body", StringComparison.Ordinal), bodyStart);
        Assert.Equal(0, fields[0].LineStart);
        Assert.Equal(text.IndexOf("To:", StringComparison.Ordinal), fields[0].LineEnd);
    }

    [Fact]
    public void Joins_folded_lines_and_keeps_the_fold_in_the_value()
    {
        const string text = "Subject: one\r\n two\r\n\tthree\r\nTo: x\r\n\r\n";
        var (status, fields, _) = Scan(text);
        Assert.Equal(HeaderScanStatus.Ok, status);
        Assert.Equal(2, fields.Length);
        Assert.Equal("one\r\n two\r\n\tthree", Value(text, fields[0]));
        Assert.Equal("x", Value(text, fields[1]));
    }

    [Fact]
    public void Value_starting_on_a_continuation_line()
    {
        const string text = "TO :\r\n sip:a@b ;tag=1\r\n\r\n";
        var (status, fields, _) = Scan(text);
        Assert.Equal(HeaderScanStatus.Ok, status);
        Assert.Equal("TO", Name(text, fields[0]));
        Assert.Equal(HeaderId.To, fields[0].Id);
        Assert.Equal("sip:a@b ;tag=1", Value(text, fields[0]));
    }

    [Fact]
    public void Compact_and_spaced_names()
    {
        const string text = "v  : SIP/2.0/UDP h\r\nl:0\r\ni:abc\r\nMaX-fOrWaRdS: 70\r\n\r\n";
        var (status, fields, _) = Scan(text);
        Assert.Equal(HeaderScanStatus.Ok, status);
        Assert.Equal([HeaderId.Via, HeaderId.ContentLength, HeaderId.CallId, HeaderId.MaxForwards], fields.Select(f => f.Id));
        Assert.Equal("v", Name(text, fields[0]));
        Assert.Equal("0", Value(text, fields[1]));
    }

    [Fact]
    public void Empty_value()
    {
        const string text = "s :\r\nTo: x\r\n\r\n";
        var (status, fields, _) = Scan(text);
        Assert.Equal(HeaderScanStatus.Ok, status);
        Assert.Equal(HeaderId.Subject, fields[0].Id);
        Assert.Equal(0, fields[0].ValueLength);
    }

    [Fact]
    public void Bare_lf_line_ends()
    {
        const string text = "Via: a\nTo: b\n c\n\nbody";
        var (status, fields, bodyStart) = Scan(text);
        Assert.Equal(HeaderScanStatus.Ok, status);
        Assert.Equal("b\n c", Value(text, fields[1]));
        Assert.Equal(text.Length - 4, bodyStart);
    }

    [Theory]
    [InlineData(" leading: continuation\r\n\r\n")]
    [InlineData("no colon here\r\n\r\n")]
    [InlineData(": no name\r\n\r\n")]
    [InlineData("bad name(x): v\r\n\r\n")]
    [InlineData("Foo bar: v\r\n\r\n")]
    public void Malformed_lines(string text) => Assert.Equal(HeaderScanStatus.MalformedLine, Scan(text).Status);

    [Fact]
    public void Unterminated_block()
    {
        var (status, fields, bodyStart) = Scan("Via: a\r\nTo: b\r\n");
        Assert.Equal(HeaderScanStatus.Unterminated, status);
        Assert.Equal(2, fields.Length);
        Assert.Equal(15, bodyStart);
    }

    [Fact]
    public void Too_many_headers()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 5; i++) sb.Append("X: y\r\n");
        sb.Append("\r\n");
        Assert.Equal(HeaderScanStatus.TooManyHeaders, Scan(sb.ToString(), max: 4).Status);
        Assert.Equal(HeaderScanStatus.Ok, Scan(sb.ToString(), max: 5).Status);
    }

    [Fact]
    public void Starts_at_the_given_offset()
    {
        byte[] bytes = "INVITE sip:a@b SIP/2.0\r\nTo: x\r\n\r\n"u8.ToArray();
        var fields = new HeaderField[4];
        Assert.Equal(HeaderScanStatus.Ok, HeaderScanner.Scan(bytes, 24, fields, out int count, out int bodyStart));
        Assert.Equal(1, count);
        Assert.Equal(24, fields[0].LineStart);
        Assert.Equal(bytes.Length, bodyStart);
    }
}
