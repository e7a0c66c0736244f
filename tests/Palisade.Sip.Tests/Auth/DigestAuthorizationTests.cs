using System.Text;
using Palisade.Sip.Auth;

namespace Palisade.Sip.Tests.Auth;

public sealed class DigestAuthorizationTests
{
    private const string Base =
        "Digest username=\"trunk1\", realm=\"sbc.example.net\", nonce=\"n\", uri=\"sip:sbc.example.net\", response=\"0123\"";

    [Fact]
    public void Parses_every_parameter_keeping_nc_and_qop_as_sent()
    {
        Assert.True(DigestAuthorization.TryParse(Encoding.UTF8.GetBytes(
            "digest USERNAME=\"trunk1\",realm=\"sbc.example.net\" , nonce=\"n\", uri=\"sip:sbc.example.net\", response=\"0123\", " +
            "algorithm=sha-256-SESS, cnonce=\"c\", opaque=\"o\", qop=AUTH, nc=0000000A, userhash=false, charset=UTF-8"),
            out DigestAuthorization? a, out string? error), error);
        Assert.Equal("trunk1", a!.Username);
        Assert.Equal(DigestAlgorithm.Sha256Sess, a.Algorithm);
        Assert.Equal("c", a.Cnonce);
        Assert.Equal("o", a.Opaque);
        Assert.Equal("AUTH", a.Qop);
        Assert.Equal("0000000A", a.NonceCount);
    }

    [Fact]
    public void Absent_algorithm_is_md5()
    {
        Assert.True(DigestAuthorization.TryParse(Encoding.UTF8.GetBytes(Base), out DigestAuthorization? a, out _));
        Assert.Equal(DigestAlgorithm.Md5, a!.Algorithm);
        Assert.Null(a.Qop);
        Assert.Null(a.NonceCount);
    }

    [Theory]
    [InlineData("Basic dHJ1bmsxOnMzY3JldA==", "not Digest")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", uri=\"u\", response=\"x\"", "no username")]
    [InlineData("Digest username=\"u\", nonce=\"n\", uri=\"u\", response=\"x\"", "no realm")]
    [InlineData("Digest username=\"u\", realm=\"r\", uri=\"u\", response=\"x\"", "no nonce")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", response=\"x\"", "no uri")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"u\"", "no response")]
    [InlineData(Base + ", qop=auth, nc=00000001", "cnonce and nc")]
    [InlineData(Base + ", qop=auth, cnonce=\"c\"", "cnonce and nc")]
    [InlineData(Base + ", qop=auth, cnonce=\"c\", nc=0000001", "8 hexadecimal")]
    [InlineData(Base + ", qop=auth, cnonce=\"c\", nc=0000000g", "8 hexadecimal")]
    [InlineData(Base + ", qop=auth-conf, cnonce=\"c\", nc=00000001", "not auth or auth-int")]
    [InlineData(Base + ", userhash=true", "userhash")]
    [InlineData(Base + ", username*=UTF-8''J%C3%A4s%C3%B8n", "username*")]
    [InlineData(Base + ", username=\"again\"", "appears twice")]
    public void Malformed_or_unsupported_credentials_are_rejected(string value, string reasonFragment)
    {
        Assert.False(DigestAuthorization.TryParse(Encoding.UTF8.GetBytes(value), out DigestAuthorization? a, out string? error));
        Assert.Null(a);
        Assert.Contains(reasonFragment, error, StringComparison.Ordinal);
    }
}
