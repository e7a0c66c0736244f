using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Tests.Message;

public sealed class SipUriTests
{
    private static SipUri Parse(string text)
    {
        Assert.True(SipUri.TryParse(Encoding.UTF8.GetBytes(text), out SipUri? uri, out string? error), text + ": " + error);
        return uri!;
    }

    private static string Fail(string text)
    {
        Assert.False(SipUri.TryParse(Encoding.UTF8.GetBytes(text), out SipUri? uri, out string? error), text);
        Assert.Null(uri);
        return error!;
    }

    [Fact]
    public void Sip_uri_with_everything()
    {
        SipUri u = Parse("sip:+14255550123:secret@sbc1.contoso.com:5061;user=phone;transport=tls;lr?Subject=hi&Priority=urgent");
        Assert.Equal(UriScheme.Sip, u.Scheme);
        Assert.Equal("sip", u.SchemeText);
        Assert.True(u.IsSip);
        Assert.Equal("+14255550123", u.User);
        Assert.Equal("secret", u.Password);
        Assert.Equal("sbc1.contoso.com", u.Host);
        Assert.Equal(5061, u.Port);
        Assert.Equal([new("user", "phone"), new("transport", "tls"), new("lr", null)], u.Parameters);
        Assert.Equal("phone", u.GetParameter("USER"));
        Assert.Equal("", u.GetParameter("lr"));
        Assert.Null(u.GetParameter("maddr"));
        Assert.Equal("Subject=hi&Priority=urgent", u.Headers);
        Assert.Equal("sip:+14255550123:secret@sbc1.contoso.com:5061;user=phone;transport=tls;lr?Subject=hi&Priority=urgent", u.ToString());
    }

    [Fact]
    public void Sips_and_scheme_case()
    {
        SipUri u = Parse("SIPS:alice@example.com");
        Assert.Equal(UriScheme.Sips, u.Scheme);
        Assert.Equal("sips", u.SchemeText);
        Assert.Null(u.Port);
        Assert.Empty(u.Parameters);
        Assert.Null(u.Headers);
    }

    [Fact]
    public void Host_only()
    {
        SipUri u = Parse("sip:sip.pstnhub.microsoft.com:5061;transport=tls");
        Assert.Null(u.User);
        Assert.Equal("sip.pstnhub.microsoft.com", u.Host);
        Assert.Equal(5061, u.Port);
    }

    [Theory]
    [InlineData("sip:[2001:db8::1]", "[2001:db8::1]", null)]
    [InlineData("sip:bob@[2001:db8::1]:5070;transport=udp", "[2001:db8::1]", 5070)]
    [InlineData("sip:[::ffff:192.0.2.1]:5060", "[::ffff:192.0.2.1]", 5060)]
    [InlineData("sip:[::1]", "[::1]", null)]
    public void Ipv6_references(string text, string host, int? port)
    {
        SipUri u = Parse(text);
        Assert.Equal(host, u.Host);
        Assert.Equal(port, u.Port);
    }

    [Theory]
    [InlineData("tel:+1-201-555-0123", "+1-201-555-0123")]
    [InlineData("tel:7042;phone-context=example.com", "7042")]
    [InlineData("tel:+14255550123;ext=12;isub=abc", "+14255550123")]
    public void Tel_uris(string text, string number)
    {
        SipUri u = Parse(text);
        Assert.Equal(UriScheme.Tel, u.Scheme);
        Assert.Equal(number, u.User);
        Assert.Equal("", u.Host);
        Assert.False(u.IsSip);
    }

    [Fact]
    public void Tel_parameters()
    {
        SipUri u = Parse("tel:7042;phone-context=example.com;npdi");
        Assert.Equal("example.com", u.GetParameter("phone-context"));
        Assert.Equal("", u.GetParameter("npdi"));
    }

    [Theory]
    [InlineData("mailto:someone@example.com", "mailto")]
    [InlineData("urn:service:sos", "urn")]
    [InlineData("soap.beep://192.0.2.103:3002", "soap.beep")]
    [InlineData("nobodyKnowsThisScheme:totallyopaquecontent", "nobodyknowsthisscheme")]
    public void Other_schemes_are_opaque(string text, string scheme)
    {
        SipUri u = Parse(text);
        Assert.Equal(UriScheme.Other, u.Scheme);
        Assert.Equal(scheme, u.SchemeText);
        Assert.Equal(text, u.Raw);
    }

    [Fact]
    public void Escapes_are_kept_and_unescaped_once()
    {
        SipUri u = Parse("sip:I%20have%20spaces@example.net;n%61me=v%61lue%25%34%31");
        Assert.Equal("I%20have%20spaces", u.User);
        Assert.Equal("I have spaces", SipUri.Unescape(u.User!));
        Assert.Equal("value%41", SipUri.Unescape(u.Parameters[0].Value!));
        Assert.Equal("name", SipUri.Unescape(u.Parameters[0].Key));
        Assert.Equal("plain", SipUri.Unescape("plain"));
        Assert.Equal("%zz%4", SipUri.Unescape("%zz%4"));
        Assert.Equal("\0", SipUri.Unescape("%00"));
        Assert.Equal("é", SipUri.Unescape("%C3%A9"));
    }

    [Theory]
    [InlineData("", "scheme")]
    [InlineData("sip", "scheme")]
    [InlineData(":user@host", "scheme")]
    [InlineData("1sip:host", "scheme")]
    [InlineData("sip:", "empty")]
    [InlineData("sip:@host", "user part is empty")]
    [InlineData("sip:us er@host", "escaped")]
    [InlineData("sip:user%4@host", "escaped")]
    [InlineData("sip:user@", "no host")]
    [InlineData("sip:user@host:99999", "port")]
    [InlineData("sip:user@host:", "port")]
    [InlineData("sip:user@host:50x", "unexpected")]
    [InlineData("sip:user@[2001:db8::1", "IPv6")]
    [InlineData("sip:user@[zz]", "IPv6")]
    [InlineData("sip:2001:db8::10", "port")]
    [InlineData("sip:user@host;=x", "parameter has an invalid name")]
    [InlineData("sip:user@host;a=", "invalid value")]
    [InlineData("sip:user@host;a=b c", "invalid value")]
    [InlineData("sip:user@host?", "headers")]
    [InlineData("sip:user@host?a=<b>", "headers")]
    [InlineData("sip:user@host>", "unexpected")]
    [InlineData("tel:", "empty")]
    [InlineData("tel:+1 555", "tel URI")]
    [InlineData("http://a b", "white space")]
    public void Malformed_uris_name_the_problem(string text, string fragment)
        => Assert.Contains(fragment, Fail(text), StringComparison.Ordinal);

    [Fact]
    public void Convenience_overload_returns_null_on_error()
    {
        Assert.Null(SipUri.TryParse("sip:"u8));
        Assert.NotNull(SipUri.TryParse("sip:a@b"u8));
    }
}
