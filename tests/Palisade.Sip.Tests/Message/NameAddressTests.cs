using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Message;

public sealed class NameAddressTests
{
    private static NameAddress Parse(string text)
    {
        Assert.True(NameAddress.TryParse(Encoding.UTF8.GetBytes(text), out NameAddress? na, out string? error), text + ": " + error);
        return na!;
    }

    [Fact]
    public void Quoted_display_name_with_params()
    {
        NameAddress na = Parse("\"Alice \\\"A\\\" Jones\" <sip:+14255550100@sip.pstnhub.microsoft.com;user=phone>;tag=b2f1;x-ti=abc");
        Assert.Equal("\"Alice \\\"A\\\" Jones\"", na.DisplayName);
        Assert.True(na.Bracketed);
        Assert.Equal("+14255550100", na.Uri.User);
        Assert.Equal("phone", na.Uri.GetParameter("user"));
        Assert.Equal("b2f1", na.Tag);
        Assert.Equal("abc", na.GetParameter("X-TI"));
    }

    [Fact]
    public void Token_display_name_and_none()
    {
        Assert.Equal("Alice Jones", Parse("Alice Jones <sip:a@b>").DisplayName);
        Assert.Equal("caller", Parse("caller<sip:caller@example.com>").DisplayName);
        NameAddress bare = Parse("<sip:a@b>");
        Assert.Null(bare.DisplayName);
        Assert.True(bare.Bracketed);
        Assert.Null(bare.Tag);
    }

    [Fact]
    public void Addr_spec_params_belong_to_the_header()
    {
        // RFC 3261 §20.10: without <>, parameters after the URI are header parameters.
        NameAddress na = Parse("sip:+19725552222@gw1.example.net;unknownparam;tag=1");
        Assert.False(na.Bracketed);
        Assert.Empty(na.Uri.Parameters);
        Assert.Equal("", na.GetParameter("unknownparam"));
        Assert.Equal("1", na.Tag);
    }

    [Fact]
    public void Lws_and_folding_around_separators()
    {
        NameAddress na = Parse("\"Quoted\" <sip:a@b> ; newparam =\r\n      newvalue ;\r\n  secondparam ; q = 0.33");
        Assert.Equal("newvalue", na.GetParameter("newparam"));
        Assert.Equal("0.33", na.GetParameter("q"));
        Assert.Equal("", na.GetParameter("secondparam"));
    }

    [Fact]
    public void Quoted_parameter_value()
    {
        NameAddress na = Parse("<sip:a@b>;text=\"Move, Temporarily\";index=1.1");
        Assert.Equal("\"Move, Temporarily\"", na.GetParameter("text"));
        Assert.Equal("1.1", na.GetParameter("index"));
    }

    [Fact]
    public void Uri_headers_inside_brackets()
    {
        NameAddress na = Parse("<sip:UserB@sip.pstnhub.microsoft.com?Privacy=history&Reason=SIP%3Bcause%3D486>;index=1.2");
        Assert.Equal("Privacy=history&Reason=SIP%3Bcause%3D486", na.Uri.Headers);
        Assert.Equal("1.2", na.GetParameter("index"));
    }

    [Fact]
    public void Ipv6_in_name_addr()
    {
        NameAddress na = Parse("\"Caller\" <sip:caller@[2001:db8::1]:5060>");
        Assert.Equal("[2001:db8::1]", na.Uri.Host);
        Assert.Equal(5060, na.Uri.Port);
    }

    [Theory]
    [InlineData("\"Mr. J. User <sip:j.user@example.com>", "unterminated")]
    [InlineData("Bell, Alexander <sip:a@b>", "requires quoting")]
    [InlineData("<sip:a@b", "not closed")]
    [InlineData("< sip:a@b >", "white space")]
    [InlineData("sip:user@example.com?Route=x", "enclosed in <>")]
    [InlineData("<sip:a@b>;;", "empty parameter")]
    [InlineData("<sip:a@b>;tag=", "no value")]
    [InlineData("<sip:a@b> junk", "';' parameter")]
    [InlineData("<sip:a@b>;x=\"open", "unterminated")]
    [InlineData("", "scheme")]
    public void Malformed(string text, string fragment)
    {
        Assert.False(NameAddress.TryParse(Encoding.UTF8.GetBytes(text), out NameAddress? na, out string? error));
        Assert.Null(na);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }
}
