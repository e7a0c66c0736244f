using System.Security.Cryptography;
using System.Text;
using Palisade.Sip.Auth;

namespace Palisade.Sip.Tests.Auth;

public sealed class DigestAuthenticatorTests
{
    private static DigestChallenge Challenge(string value, bool proxy = false)
    {
        Assert.True(DigestChallenge.TryParse(Encoding.UTF8.GetBytes(value), proxy, out DigestChallenge? c, out string? error), error);
        return c!;
    }

    private static DigestAuthorization ParseAuthorization(string value)
    {
        Assert.True(DigestAuthorization.TryParse(Encoding.UTF8.GetBytes(value), out DigestAuthorization? a, out string? error), error);
        return a!;
    }

    [Fact]
    public void Rfc2617_section_3_5_example()
    {
        DigestChallenge c = Challenge(
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", " +
            "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        string value = DigestAuthenticator.CreateAuthorization(
            "GET", "/dir/index.html", c, new DigestCredentials("Mufasa", "Circle Of Life"), 1, "0a4f113b");
        // Parameter order and quoting of RFC 7616 §3.4; no algorithm because the challenge named none.
        Assert.Equal(
            "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", " +
            "uri=\"/dir/index.html\", response=\"6629fae49393a05397450978507c4ef1\", cnonce=\"0a4f113b\", " +
            "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", qop=auth, nc=00000001",
            value);
    }

    private const string Rfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private const string Rfc7616Opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
    private const string Rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    [Theory]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    public void Rfc7616_section_3_9_1_examples(string algorithm, string expected)
    {
        DigestChallenge c = Challenge(
            "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=" + algorithm + ", " +
            "nonce=\"" + Rfc7616Nonce + "\", opaque=\"" + Rfc7616Opaque + "\"");
        // Errata 4495: the password of RFC 7616 has a lower-case "of".
        string value = DigestAuthenticator.CreateAuthorization(
            "GET", "/dir/index.html", c, new DigestCredentials("Mufasa", "Circle of Life"), 1, Rfc7616Cnonce);
        Assert.Equal(
            "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", nonce=\"" + Rfc7616Nonce + "\", " +
            "uri=\"/dir/index.html\", response=\"" + expected + "\", algorithm=" + algorithm + ", cnonce=\"" + Rfc7616Cnonce + "\", " +
            "opaque=\"" + Rfc7616Opaque + "\", qop=auth, nc=00000001",
            value);
    }

    private const string Sha512Challenge =
        "Digest realm=\"api@example.org\", qop=\"auth\", algorithm=SHA-512-256, " +
        "nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", " +
        "charset=UTF-8, userhash=true";

    [Fact]
    public void Rfc7616_section_3_9_2_inputs_with_fips_sha512_256()
    {
        // The RFC 7616 §3.9.2 inputs (UTF-8 username, userhash offered but not used). The response published there,
        // ae66e67d…, was computed with SHA-512 truncated to 256 bits (see the next test). With SHA-512/256 proper
        // the response is 3798d413…, the value OpenSSL's SHA-512/256 gives for the same inputs; that is what
        // RFC 8760 peers that implement FIPS 180-4 (Kamailio, for one) compute.
        string value = DigestAuthenticator.CreateAuthorization(
            "GET", "/doe.json", Challenge(Sha512Challenge), new DigestCredentials("J\u00e4s\u00f8n Doe", "Secret, or not?"),
            1, "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v");
        DigestAuthorization a = ParseAuthorization(value);
        Assert.Equal("3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5", a.Response);
        Assert.Equal(DigestAlgorithm.Sha512t256, a.Algorithm);
        Assert.Equal("J\u00e4s\u00f8n Doe", a.Username);
    }

    [Fact]
    public void Rfc7616_section_3_9_2_published_response_is_truncated_sha512()
    {
        // Reproduces the published value with the same input chain but H = first 32 bytes of SHA-512, which shows
        // both that our inputs are the RFC's and that the RFC's hash was not SHA-512/256.
        static string H(string s) => Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes(s)).AsSpan(0, 32));
        string ha1 = H("J\u00e4s\u00f8n Doe:api@example.org:Secret, or not?");
        string ha2 = H("GET:/doe.json");
        string response = H(ha1 + ":5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK:00000001:NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v:auth:" + ha2);
        Assert.Equal("ae66e67d6b427bd3f120414a82e4acff38e8ecd9101d6c861229025f607a79dd", response);
        Assert.Equal("488869477bf257147b804c45308cd62ac4e25eb717b12b298c79e62dcea254ec", H("J\u00e4s\u00f8n Doe:api@example.org"));
    }

    [Fact]
    public void Rfc2069_challenge_without_qop_gets_no_cnonce_or_nc()
    {
        // RFC 2069 / RFC 2617 §3.5 compatibility (RFC 3261 §22.4 keeps it for SIP).
        DigestChallenge c = Challenge(
            "Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        string value = DigestAuthenticator.CreateAuthorization("GET", "/dir/index.html", c, new DigestCredentials("Mufasa", "CircleOfLife"));
        Assert.Equal(
            "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", " +
            "uri=\"/dir/index.html\", response=\"1949323746fe6a43ef61f9606e7febea\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
            value);
    }

    [Fact]
    public void Auth_int_hashes_the_body_and_is_used_only_when_auth_is_not_offered()
    {
        const string Prefix = "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256, qop=";
        var creds = new DigestCredentials("u", "p");
        byte[] body = "v=0\r\n"u8.ToArray();

        DigestAuthorization both = ParseAuthorization(DigestAuthenticator.CreateAuthorization("INVITE", "sip:b@h", Challenge(Prefix + "\"auth-int,auth\""), creds, 1, "c", body));
        Assert.Equal("auth", both.Qop);

        DigestAuthorization intOnly = ParseAuthorization(DigestAuthenticator.CreateAuthorization("INVITE", "sip:b@h", Challenge(Prefix + "\"auth-int\""), creds, 1, "c", body));
        Assert.Equal("auth-int", intOnly.Qop);

        // H(A2) = H(method ":" uri ":" H(body)).
        static string H(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
        string ha1 = H("u:r:p");
        string ha2 = H("INVITE:sip:b@h:" + H("v=0\r\n"));
        Assert.Equal(H(ha1 + ":n:00000001:c:auth-int:" + ha2), intOnly.Response);

        // No body hashes the empty string (RFC 3261 §22.4).
        DigestAuthorization empty = ParseAuthorization(DigestAuthenticator.CreateAuthorization("INVITE", "sip:b@h", Challenge(Prefix + "\"auth-int\""), creds, 1, "c"));
        Assert.Equal(H(ha1 + ":n:00000001:c:auth-int:" + H("INVITE:sip:b@h:" + H(""))), empty.Response);
    }

    [Fact]
    public void Sess_algorithm_hashes_nonce_and_cnonce_into_ha1()
    {
        static string H(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));
        DigestChallenge c = Challenge("Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess, qop=\"auth\"");
        DigestAuthorization a = ParseAuthorization(DigestAuthenticator.CreateAuthorization("REGISTER", "sip:h", c, new DigestCredentials("u", "p"), 3, "cn"));
        string ha1 = H(H("u:r:p") + ":n:cn");
        Assert.Equal(H(ha1 + ":n:00000003:cn:auth:" + H("REGISTER:sip:h")), a.Response);
        Assert.Equal("00000003", a.NonceCount);
        Assert.Equal(DigestAlgorithm.Md5Sess, a.Algorithm);
    }

    [Fact]
    public void Inputs_longer_than_the_stack_buffer_hash_the_same()
    {
        // A 3000-character Request-URI and password take the pooled-buffer path of the input builder.
        static string H(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
        string uri = "sip:" + new string('x', 3000) + "@h";
        string password = new('p', 3000);
        DigestChallenge c = Challenge("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256-sess, qop=\"auth\"");
        DigestAuthorization a = ParseAuthorization(DigestAuthenticator.CreateAuthorization("INVITE", uri, c, new DigestCredentials("u", password), 1, "cn"));
        string ha1 = H(H("u:r:" + password) + ":n:cn");
        Assert.Equal(H(ha1 + ":n:00000001:cn:auth:" + H("INVITE:" + uri)), a.Response);
    }

    [Fact]
    public void Quotes_and_backslashes_are_escaped_and_round_trip()
    {
        DigestChallenge c = Challenge("Digest realm=\"a \\\"quoted\\\" realm\", nonce=\"n\\\\1\", qop=\"auth\"");
        Assert.Equal("a \"quoted\" realm", c.Realm);
        Assert.Equal("n\\1", c.Nonce);
        string value = DigestAuthenticator.CreateAuthorization("OPTIONS", "sip:h", c, new DigestCredentials("us\"er", "p"), 1, "c");
        Assert.Contains("username=\"us\\\"er\"", value, StringComparison.Ordinal);
        Assert.Contains("realm=\"a \\\"quoted\\\" realm\"", value, StringComparison.Ordinal);
        DigestAuthorization a = ParseAuthorization(value);
        Assert.Equal("us\"er", a.Username);
        Assert.Equal("a \"quoted\" realm", a.Realm);
        Assert.Equal("n\\1", a.Nonce);
    }

    [Fact]
    public void Random_cnonce_is_32_hex_digits_and_differs_each_time()
    {
        string a = DigestAuthenticator.CreateCnonce();
        string b = DigestAuthenticator.CreateCnonce();
        Assert.Equal(32, a.Length);
        Assert.True(a.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0, a);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Refuses_what_it_cannot_answer_or_would_inject()
    {
        var creds = new DigestCredentials("u", "p");
        DigestChallenge unknown = Challenge("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-999, qop=\"auth\"");
        Assert.Throws<ArgumentException>(() => DigestAuthenticator.CreateAuthorization("INVITE", "sip:h", unknown, creds));

        DigestChallenge ok = Challenge("Digest realm=\"r\", nonce=\"n\", qop=\"auth\"");
        Assert.Throws<ArgumentException>(() => DigestAuthenticator.CreateAuthorization("INVITE", "sip:h", ok, new DigestCredentials("u\r\nX-Evil: 1", "p")));
        Assert.Throws<ArgumentOutOfRangeException>(() => DigestAuthenticator.CreateAuthorization("INVITE", "sip:h", ok, creds, 0, "c"));
    }

    [Fact]
    public void Credentials_do_not_print_the_password()
    {
        Assert.DoesNotContain("hunter2", new DigestCredentials("trunk1", "hunter2").ToString(), StringComparison.Ordinal);
    }
}
