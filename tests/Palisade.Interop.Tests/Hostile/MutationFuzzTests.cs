using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Palisade.Interop.Tests.Hostile;

/// <summary>
/// A seeded random mutator over a valid INVITE (with SDP) and a valid OPTIONS: 5,000 mutants — bit flips, inserted
/// and deleted bytes, duplicated header lines, truncation, header values up to 60 KB — sent over UDP to a running
/// node. Whatever it makes of them, afterwards it is alive, answers OPTIONS 200, has not grown its memory past a
/// bound, and the kernel dropped none of the mutants. The seed is printed; PALISADE_FUZZ_SEED replays a run.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class MutationFuzzTests(HostileNode fixture, ITestOutputHelper output) : IClassFixture<HostileNode>
{
    private const int Mutations = 5000;
    private const int MaxHugeValue = 60 * 1024;

    /// <summary>Bytes that matter to a SIP parser: separators, line ends, quotes, escapes, NUL, non-ASCII.</summary>
    private static readonly byte[] Interesting = "\r\n :;,<>\"%@=[]\\\t/?\0"u8.ToArray().Concat(new byte[] { 0x7F, 0x80, 0xC3, 0xFF }).ToArray();

    private static readonly string[] Tokens =
    [
        "\r\n", "\r\n\r\n", "\n", ";", ";;", ",", "<", ">", "\"", "%", "%00", "%ZZ", "@", ":", "::", "[", "]", " ", "\t",
        "sip:", "sips:", "SIP/2.0", "z9hG4bK", ";branch=", ";tag=", ";rport", ";received=", "Content-Length: ",
        "Via: SIP/2.0/UDP ", "-1", "0", "4294967296", "99999999999999999999", "\0", "\u00ff",
    ];

    [Fact]
    public async Task Mutated_invites_and_options_leave_the_node_serving()
    {
        int seed = Environment.GetEnvironmentVariable("PALISADE_FUZZ_SEED") is { Length: > 0 } s
            ? int.Parse(s, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"mutation seed: {seed} (replay with PALISADE_FUZZ_SEED={seed})");
        var random = new Random(seed);

        var clock = Stopwatch.StartNew();
        long dropsBefore = fixture.UdpDrops();
        int largest = 0;
        var operations = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var sender = new PacedUdpSender(fixture))
        {
            for (int i = 0; i < Mutations; i++)
            {
                bool invite = random.Next(3) != 0;
                string unique = random.NextInt64().ToString("x16", CultureInfo.InvariantCulture);
                byte[] mutant = Mutate(random, invite ? Invite(fixture.Node.UdpPort, unique) : Options(fixture.Node.UdpPort, unique), operations);
                largest = Math.Max(largest, mutant.Length);
                await sender.SendAsync(mutant);
                // The unmutated ACK: when the mutant was still an INVITE the node answered, this ends its transaction
                // and its 403 retransmissions (RFC 3261 §17.2.1) instead of letting thousands run for 32 s.
                if (invite)
                    await sender.SendAsync(Ack(fixture.Node.UdpPort, unique));
                if ((i + 1) % 500 == 0)
                    await fixture.AssertServingAsync($"mutant {i} (seed {seed})");
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"the run is too slow: {i} mutants in {clock.Elapsed}");
            }
            await fixture.AssertServingAsync($"{Mutations} mutants (seed {seed})");
            long rss = fixture.AssertMemoryBelow(ProtosUdpTests.MemoryLimit);
            long drops = fixture.UdpDrops() - dropsBefore;
            output.WriteLine($"{Mutations} mutants ({sender.Sent} datagrams, largest {largest} octets) in {clock.Elapsed.TotalSeconds:F1} s");
            output.WriteLine("operations: " + string.Join(' ', operations.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}×{kv.Value}")));
            output.WriteLine($"answers seen: {HostileNode.Histogram(sender.Answers)}");
            output.WriteLine($"node memory {HostileNode.Mb(rss)}; kernel drops on its UDP socket: {drops}");
            Assert.Equal(0, drops);
        }
    }

    /// <summary>One to four random operations on <paramref name="message"/>.</summary>
    private static byte[] Mutate(Random random, byte[] message, Dictionary<string, int> operations)
    {
        var bytes = new List<byte>(message);
        int count = 1 + random.Next(4);
        for (int k = 0; k < count && bytes.Count > 0; k++)
        {
            string op;
            switch (random.Next(9))
            {
                case 0:
                    op = "flip";
                    for (int f = 1 + random.Next(8); f > 0; f--)
                    {
                        int at = random.Next(bytes.Count);
                        bytes[at] ^= (byte)(1 << random.Next(8));
                    }
                    break;
                case 1:
                    op = "insert-byte";
                    for (int f = 1 + random.Next(4); f > 0; f--)
                        bytes.Insert(random.Next(bytes.Count + 1), random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256));
                    break;
                case 2:
                    op = "insert-token";
                    bytes.InsertRange(random.Next(bytes.Count + 1), Encoding.Latin1.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                case 3:
                {
                    op = "delete";
                    int at = random.Next(bytes.Count);
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(random.Next(2) == 0 ? 4 : 64)));
                    break;
                }
                case 4:
                {
                    op = "duplicate-header";
                    (int start, int length) = RandomHeaderLine(random, bytes);
                    if (length == 0)
                        goto case 0;
                    byte[] line = bytes.GetRange(start, length).ToArray();
                    int copies = random.Next(3) == 0 ? 50 + random.Next(300) : 1 + random.Next(3);
                    for (int c = 0; c < copies; c++)
                        bytes.InsertRange(start, line);
                    break;
                }
                case 5:
                {
                    op = "truncate";
                    int at = random.Next(bytes.Count);
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                }
                case 6:
                {
                    op = "huge-value";
                    (int start, int length) = RandomHeaderLine(random, bytes);
                    if (length == 0)
                        goto case 0;
                    // Before the line's CRLF: the header's value grows to up to 60 KB of one byte or of random junk.
                    int size = random.Next(2) == 0 ? random.Next(1, MaxHugeValue) : random.Next(1, 2048);
                    byte fill = random.Next(2) == 0 ? (byte)'a' : Interesting[random.Next(Interesting.Length)];
                    var value = new byte[size];
                    if (random.Next(2) == 0)
                        Array.Fill(value, fill);
                    else
                        random.NextBytes(value);
                    bytes.InsertRange(start + length - 2, value);
                    break;
                }
                case 7:
                {
                    op = "content-length";
                    string text = Encoding.Latin1.GetString(bytes.ToArray());
                    string[] values = ["-1", "0", "1", "65536", "999999999", "4294967297", "1e3", " ", "", "0x10", "12 34"];
                    int at = text.IndexOf("Content-Length: ", StringComparison.Ordinal);
                    if (at < 0)
                        goto case 2;
                    int end = text.IndexOf("\r\n", at, StringComparison.Ordinal);
                    if (end < 0)
                        goto case 2;
                    text = text[..(at + 16)] + values[random.Next(values.Length)] + text[end..];
                    bytes = [.. Encoding.Latin1.GetBytes(text)];
                    break;
                }
                default:
                {
                    op = "swap-lines";
                    (int a, int alen) = RandomHeaderLine(random, bytes);
                    (int b, int blen) = RandomHeaderLine(random, bytes);
                    if (alen == 0 || blen == 0 || a == b)
                        goto case 3;
                    (int first, int firstLength, int second, int secondLength) = a < b ? (a, alen, b, blen) : (b, blen, a, alen);
                    byte[] one = bytes.GetRange(first, firstLength).ToArray();
                    byte[] two = bytes.GetRange(second, secondLength).ToArray();
                    bytes.RemoveRange(second, secondLength);
                    bytes.InsertRange(second, one);
                    bytes.RemoveRange(first, firstLength);
                    bytes.InsertRange(first, two);
                    break;
                }
            }
            operations[op] = operations.GetValueOrDefault(op) + 1;
            // One datagram carries at most this much; cutting here keeps compounded duplications of a 60 KB line
            // from building megabytes that the sender would cut anyway.
            if (bytes.Count > PacedUdpSender.MaxDatagram)
                bytes.RemoveRange(PacedUdpSender.MaxDatagram, bytes.Count - PacedUdpSender.MaxDatagram);
        }
        return [.. bytes];
    }

    /// <summary>A random header line (start, length including its CRLF) of the header block, or (0, 0) when none.</summary>
    private static (int Start, int Length) RandomHeaderLine(Random random, List<byte> bytes)
    {
        byte[] data = [.. bytes];
        int end = data.AsSpan().IndexOf("\r\n\r\n"u8);
        var starts = new List<int>();
        for (int i = data.AsSpan().IndexOf("\r\n"u8); i >= 0 && (end < 0 || i < end); )
        {
            starts.Add(i + 2);
            int next = data.AsSpan(i + 2).IndexOf("\r\n"u8);
            i = next < 0 ? -1 : i + 2 + next;
        }
        if (starts.Count == 0)
            return (0, 0);
        int start = starts[random.Next(starts.Count)];
        int lineEnd = data.AsSpan(start).IndexOf("\r\n"u8);
        return lineEnd <= 0 ? (0, 0) : (start, lineEnd + 2);
    }

    private static string Common(int port, string method, string unique, int cseq = 1) =>
        $"Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK{unique};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: \"Fuzz\" <sip:fuzz@client.lab.example.net>;tag={unique[..8]}\r\n" +
        $"To: <sip:+15550100@127.0.0.1:{port}>\r\n" +
        $"Call-ID: {unique}@fuzz\r\n" +
        $"CSeq: {cseq} {method}\r\n";

    private static byte[] Invite(int port, string unique)
    {
        const string sdp =
            "v=0\r\no=fuzz 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
            "m=audio 49170 RTP/SAVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n" +
            "a=fmtp:101 0-16\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^31\r\na=sendrecv\r\n";
        return Encoding.ASCII.GetBytes(
            $"INVITE sip:+15550100@127.0.0.1:{port};user=phone SIP/2.0\r\n" + Common(port, "INVITE", unique) +
            "Contact: <sip:fuzz@127.0.0.1:5999;transport=udp>\r\n" +
            "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\nSupported: timer, 100rel\r\nSession-Expires: 1800\r\n" +
            "User-Agent: palisade-fuzz\r\nContent-Type: application/sdp\r\n" +
            $"Content-Length: {sdp.Length}\r\n\r\n" + sdp);
    }

    private static byte[] Options(int port, string unique) => Encoding.ASCII.GetBytes(
        $"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\n" + Common(port, "OPTIONS", unique) +
        "Accept: application/sdp\r\nContent-Length: 0\r\n\r\n");

    private static byte[] Ack(int port, string unique) => Encoding.ASCII.GetBytes(
        $"ACK sip:+15550100@127.0.0.1:{port};user=phone SIP/2.0\r\n" + Common(port, "ACK", unique) + "Content-Length: 0\r\n\r\n");
}
