using System.Globalization;
using Palisade.Sip.Message;
using Xunit.Abstractions;

namespace Palisade.Sip.Tests.Corpus;

/// <summary>
/// Seeded random mutation of a valid INVITE (DESIGN.md §6 robustness): bytes flipped, inserted and deleted. Nothing
/// may escape the framer or the parser, and memory stays bounded. The seed is printed; set PALISADE_MUTATION_SEED
/// to replay a failing run.
/// </summary>
[Collection(MeasurementCollection.Name)]
public sealed class MutationTests(ITestOutputHelper output)
{
    private const int Mutations = 20_000;

    internal const string Invite =
        "INVITE sip:+14255550123@sbc1.contoso.com:5061;user=phone;transport=tls SIP/2.0\r\n" +
        "Via: SIP/2.0/TLS 52.114.148.0:5061;branch=z9hG4bK8e2a1c9d;rport\r\n" +
        "Max-Forwards: 69\r\n" +
        "From: \"Alice Jones\" <sip:+14255550100@sip.pstnhub.microsoft.com;user=phone>;tag=b2f1c0a8e1\r\n" +
        "To: <sip:+14255550123@sbc1.contoso.com;user=phone>\r\n" +
        "Call-ID: 4a6b2c1d9e8f7a6b5c4d3e2f1a0b9c8d\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:api-du-a-uswe2.pstnhub.microsoft.com:443;x-i=7c5e;x-c=4a6b>\r\n" +
        "Record-Route: <sip:sip-du-a-us.pstnhub.microsoft.com:5061;transport=tls;lr>\r\n" +
        "Supported: timer, 100rel\r\n" +
        "Session-Expires: 3600\r\n" +
        "Allow: INVITE, ACK, OPTIONS, CANCEL, BYE, NOTIFY\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 62\r\n" +
        "\r\n" +
        "v=0\r\n" +
        "o=- 1 1 IN IP4 52.114.148.0\r\n" +
        "s=-\r\n" +
        "c=IN IP4 52.114.148.0\r\n";

    [Fact]
    public void Mutated_invites_never_escape_the_parser()
    {
        byte[] valid = System.Text.Encoding.ASCII.GetBytes(Invite);
        SipParser.ParseDatagram(valid, out SipParseError baseline);
        Assert.Equal(ParseOutcome.Ok, baseline.Outcome);

        string? fixedSeed = Environment.GetEnvironmentVariable("PALISADE_MUTATION_SEED");
        int seed = fixedSeed is null ? Random.Shared.Next() : int.Parse(fixedSeed, CultureInfo.InvariantCulture);
        output.WriteLine($"mutation seed: {seed} (replay with PALISADE_MUTATION_SEED={seed})");
        var random = new Random(seed);

        // Warm up, then measure the retained heap so a leak (growing state across parses) shows.
        for (int i = 0; i < 100; i++) SipParser.ParseDatagram(valid, out _);
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long maxAllocated = 0;
        int ok = 0, reply = 0, drop = 0;
        byte[] buffer = new byte[valid.Length + 64];

        for (int n = 0; n < Mutations; n++)
        {
            int length = Mutate(valid, buffer, random);
            ReadOnlySpan<byte> message = buffer.AsSpan(0, length);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                SipParser.ParseDatagram(message, out SipParseError error);
                _ = SipFramer.FrameStream(message, SipFramer.DefaultMaxMessageSize, out _, out _);
                switch (error.Outcome)
                {
                    case ParseOutcome.Ok: ok++; break;
                    case ParseOutcome.Reply: reply++; break;
                    default: drop++; break;
                }
            }
#pragma warning disable CA1031 // anything escaping is the failure under test
            catch (Exception e)
#pragma warning restore CA1031
            {
                Assert.Fail($"mutation {n} (seed {seed}) threw {e.GetType().Name}: {e.Message}\n{Convert.ToHexString(message)}");
            }
            maxAllocated = Math.Max(maxAllocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        long heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"{Mutations} mutations: {ok} accepted, {reply} refused with a reply, {drop} dropped; " +
            $"max allocated per message {maxAllocated} B; retained heap {heapBefore} → {heapAfter} B");

        // A message of ~1 KB must not cost more than a few tens of KB to parse, and nothing is retained.
        Assert.True(maxAllocated < 64 * 1024, $"a mutated message allocated {maxAllocated} bytes");
        Assert.True(heapAfter - heapBefore < 4 * 1024 * 1024, $"retained heap grew from {heapBefore} to {heapAfter}");
        Assert.True(reply + drop > 0 && ok > 0);
    }

    /// <summary>Applies 1–4 random byte flips, insertions (often of SIP-significant bytes) or deletions.</summary>
    private static int Mutate(byte[] source, byte[] target, Random random)
    {
        ReadOnlySpan<byte> interesting = "\r\n :;,<>\"@=/[]%\0\t\\"u8;
        source.CopyTo(target, 0);
        int length = source.Length;
        int count = random.Next(1, 5);
        for (int i = 0; i < count; i++)
        {
            int at = random.Next(length);
            switch (random.Next(3))
            {
                case 0:
                    target[at] = random.Next(2) == 0 ? (byte)(target[at] ^ (1 << random.Next(8))) : interesting[random.Next(interesting.Length)];
                    break;
                case 1 when length < target.Length:
                    Array.Copy(target, at, target, at + 1, length - at);
                    target[at] = random.Next(2) == 0 ? (byte)random.Next(256) : interesting[random.Next(interesting.Length)];
                    length++;
                    break;
                default:
                    if (length > 1)
                    {
                        Array.Copy(target, at + 1, target, at, length - at - 1);
                        length--;
                    }
                    break;
            }
        }
        return length;
    }
}
