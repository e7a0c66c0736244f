using System.Diagnostics;
using System.Globalization;
using System.Text;
using Palisade.Sip.Message;
using Xunit.Abstractions;

namespace Palisade.Sip.Tests.Corpus;

/// <summary>
/// PROTOS c07-sip (../shared/testdata/protos-c07-sip): 4,527 INVITEs, case 0 valid, each other case with one
/// malformed element. The suite's verdict is robustness; here every case goes through the framer and the parser,
/// nothing may throw, and the whole suite must finish in bounded time.
/// </summary>
public sealed class ProtosTests(ITestOutputHelper output)
{
    private const int CaseCount = 4527;

    /// <summary>Groups as mapped by rtckit's ProtosTest.php (first case, count); 2427–2436 are named by it only.</summary>
    private static readonly (string Name, int First, int Count)[] Groups =
    [
        ("valid", 0, 1), ("sip-method", 1, 193), ("sip-request-uri", 194, 61), ("sip-version", 255, 75),
        ("sip-via-host", 330, 106), ("sip-via-hostcolon", 436, 16), ("sip-via-hostport", 452, 46),
        ("sip-via-version", 498, 75), ("sip-via-tag", 573, 57), ("sip-from-displayname", 630, 193),
        ("sip-from-tag", 823, 57), ("sip-from-colon", 880, 16), ("sip-from-uri", 896, 61),
        ("sip-contact-displayname", 957, 193), ("sip-contact-uri", 1150, 61),
        ("sip-contact-left-paranthesis", 1211, 16), ("sip-contact-right-paranthesis", 1227, 16),
        ("sip-to", 1243, 193), ("sip-to-left-paranthesis", 1436, 16), ("sip-to-right-paranthesis", 1452, 16),
        ("sip-call-id-value", 1468, 193), ("sip-call-id-at", 1661, 16), ("sip-call-id-ip", 1677, 106),
        ("sip-expires", 1783, 46), ("sip-max-forwards", 1829, 46), ("sip-cseq-integer", 1875, 46),
        ("sip-cseq-string", 1921, 193), ("sip-content-type", 2114, 247), ("sip-content-length", 2361, 46),
        ("sip-request-crlf", 2407, 10), ("crlf-request", 2417, 10), ("sdp-attribute-crlf", 2427, 10),
        ("sdp-proto-v-identifier", 2437, 193), ("sdp-proto-v-equal", 2630, 16), ("sdp-proto-v-integer", 2646, 46),
        ("sdp-origin-username", 2692, 193), ("sdp-origin-sessionid", 2885, 46), ("sdp-origin-networktype", 2931, 193),
        ("sdp-origin-ip", 3124, 106), ("sdp-session", 3230, 193), ("sdp-connection-networktype", 3423, 188),
        ("sdp-connection-ip", 3611, 106), ("sdp-time-start", 3717, 46), ("sdp-time-stop", 3763, 1),
        ("sdp-media-media", 3764, 193), ("sdp-media-port", 3957, 46), ("sdp-media-transport", 4003, 118),
        ("sdp-media-type", 4121, 46), ("sdp-attribute-rtpmap", 4167, 118), ("sdp-attribute-colon", 4285, 16),
        ("sdp-attribute-payloadtype", 4301, 46), ("sdp-attribute-encodingname", 4347, 118),
        ("sdp-attribute-slash", 4465, 16), ("sdp-attribute-clockrate", 4481, 46),
    ];

    /// <summary>Placeholder values (fixed, so the run is reproducible); Content-Length is computed last (README).</summary>
    private static readonly (string Key, string Value)[] Substitutions =
    [
        ("<To>", "bob@example.net"), ("<From-Address>", "client.example.com"), ("<From-IP>", "192.0.2.7"),
        ("<From>", "alice@client.example.com"), ("<Local-Port>", "5060"), ("<Branch-ID>", "4f2a9c"),
        ("<Call-ID>", "7d41c0e29f"), ("<CSeq>", "1"), ("<Teardown-Method>", "CANCEL"),
    ];

    /// <summary>The INVITE of one case, placeholders substituted. Latin-1 keeps every byte as it is.</summary>
    internal static byte[] LoadInvite(int index)
    {
        byte[] raw = TestData.Read("protos-c07-sip", "cases", index.ToString("D7", CultureInfo.InvariantCulture));
        int space = Array.IndexOf(raw, (byte)' ');
        int length = int.Parse(raw.AsSpan(0, space), CultureInfo.InvariantCulture);
        string template = Encoding.Latin1.GetString(raw, space + 1, length);
        var sb = new StringBuilder(template);
        foreach ((string key, string value) in Substitutions)
            sb.Replace(key, value);
        string text = sb.ToString();
        int bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        int bodyLength = bodyStart < 0 ? 0 : text.Length - (bodyStart + 4);
        text = text.Replace("<Content-Length>", bodyLength.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes(text);
    }

    private static string GroupOf(int index)
    {
        foreach ((string name, int first, int count) in Groups)
        {
            if (index >= first && index < first + count)
                return name;
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    [Fact]
    public void Groups_cover_every_case_once()
    {
        Assert.Equal(CaseCount, Directory.GetFiles(TestData.PathOf("protos-c07-sip", "cases")).Length);
        int next = 0;
        foreach ((_, int first, int count) in Groups)
        {
            Assert.Equal(next, first);
            next = first + count;
        }
        Assert.Equal(CaseCount, next);
    }

    [Fact]
    public void Case_0_is_a_valid_invite()
    {
        SipMessage? m = SipParser.ParseDatagram(LoadInvite(0), out SipParseError error);
        Assert.True(error.Outcome == ParseOutcome.Ok, error.ToString());
        Assert.Equal(SipMethod.Invite, m!.Method);
        Assert.Equal("application/sdp", m.ContentType);
        Assert.True(m.BodyLength > 0);
        Assert.Equal(FrameStatus.Complete, SipFramer.FrameStream(LoadInvite(0), SipFramer.DefaultMaxMessageSize, out int length, out _));
        Assert.Equal(m.Bytes.Length, length);
    }

    [Fact]
    public void Every_case_parses_without_exceptions_in_bounded_time()
    {
        var accepted = new Dictionary<string, int>();
        var refused = new Dictionary<string, int>();
        var acceptedCases = new Dictionary<string, List<int>>();
        var failures = new List<string>();
        var parseTime = new Stopwatch();
        long maxBytes = 0;

        for (int i = 0; i < CaseCount; i++)
        {
            byte[] invite = LoadInvite(i);
            maxBytes = Math.Max(maxBytes, invite.Length);
            string group = GroupOf(i);
            parseTime.Start();
            try
            {
                SipMessage? m = SipParser.ParseDatagram(invite, out SipParseError error);
                _ = SipFramer.FrameStream(invite, SipFramer.DefaultMaxMessageSize, out _, out _);
                Dictionary<string, int> bucket = error.Outcome == ParseOutcome.Ok ? accepted : refused;
                bucket[group] = bucket.GetValueOrDefault(group) + 1;
                if (error.Outcome == ParseOutcome.Ok)
                    (acceptedCases.TryGetValue(group, out List<int>? list) ? list : acceptedCases[group] = []).Add(i);
                if (group == "sip-cseq-integer" && (error.Outcome == ParseOutcome.Ok) != CSeqIsValid(invite))
                    failures.Add($"case {i}: CSeq verdict {error.Outcome} does not match its number");
                if (error.Outcome == ParseOutcome.Ok && (m is null || m.RequestUri is null || m.TopVia is null))
                    failures.Add($"case {i}: accepted without the parsed essentials");
                if (error.Outcome != ParseOutcome.Ok && string.IsNullOrEmpty(error.Detail))
                    failures.Add($"case {i}: refused without a reason");
            }
#pragma warning disable CA1031 // the point of the test is to catch anything that escapes the parser
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Add($"case {i}: {e.GetType().Name}: {e.Message}");
            }
            parseTime.Stop();
        }

        output.WriteLine($"{CaseCount} cases parsed in {parseTime.ElapsedMilliseconds} ms (largest {maxBytes} bytes)");
        output.WriteLine($"{"group",-32} {"accepted",8} {"refused",8}");
        foreach ((string name, _, _) in Groups)
            output.WriteLine($"{name,-32} {accepted.GetValueOrDefault(name),8} {refused.GetValueOrDefault(name),8}");
        output.WriteLine($"{"total",-32} {accepted.Values.Sum(),8} {refused.Values.Sum(),8}");

        foreach (string name in (string[])["sip-request-crlf", "crlf-request", "sip-content-length"])
            output.WriteLine($"accepted in {name}: {string.Join(", ", acceptedCases.GetValueOrDefault(name) ?? [])}");

        Assert.Empty(failures);
        Assert.True(parseTime.Elapsed < TimeSpan.FromSeconds(60), "hang guard: " + parseTime.Elapsed);
        Assert.Equal(1, accepted.GetValueOrDefault("valid"));

        // Groups where every case breaks the SIP grammar (checked case by case when this test was written): a bad
        // SIP-Version on the start line or in Via, a non-numeric CSeq, a missing To header name, unbalanced <> and
        // unknown methods (which get 501) are all refused.
        foreach (string name in (string[])["sip-method", "sip-version", "sip-via-version", "sip-cseq-string", "sip-to",
                     "sip-to-left-paranthesis", "sip-to-right-paranthesis", "sip-contact-left-paranthesis", "sip-contact-right-paranthesis"])
            Assert.True(accepted.GetValueOrDefault(name) == 0, $"{name}: {accepted.GetValueOrDefault(name)} accepted");

        // Groups that mix bad and tolerable cases are not all accepted. In sip-request-crlf and crlf-request the
        // only accepted cases end a line with a bare LF (tolerated, RFC 3261 §7.5 robustness), and the body they
        // then carry is the SDP's problem, not the SIP parser's.
        foreach (string name in (string[])["sip-request-crlf", "crlf-request", "sip-content-length", "sip-max-forwards", "sip-via-host", "sip-call-id-value"])
            Assert.True(refused.GetValueOrDefault(name) > 0, name + ": every case accepted");
        foreach (int i in acceptedCases.GetValueOrDefault("sip-request-crlf") ?? [])
        {
            byte[] invite = LoadInvite(i);
            int lf = Array.IndexOf(invite, (byte)'\n');
            Assert.True(lf > 0 && invite[lf - 1] != (byte)'\r', $"case {i} accepted without a bare-LF start line");
        }
    }

    /// <summary>CSeq = 1*DIGIT LWS Method with a 32-bit unsigned number (RFC 3261 §8.1.1.5).</summary>
    private static bool CSeqIsValid(byte[] invite)
    {
        string text = Encoding.Latin1.GetString(invite);
        int start = text.IndexOf("\r\nCSeq: ", StringComparison.Ordinal) + 8;
        string number = text[start..text.IndexOf(' ', start)];
        return number.Length > 0 && number.All(char.IsAsciiDigit) && ulong.TryParse(number, CultureInfo.InvariantCulture, out ulong n) && n <= uint.MaxValue;
    }
}
