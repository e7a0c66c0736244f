using System.Net;
using Palisade.Sip.Dns;

namespace Palisade.Sip.Tests.Dns;

public sealed class DnsMessageDecoderTests
{
    private static byte[] FullAnswer(bool compress = true) =>
        new DnsPacketBuilder(0x1234, compress: compress)
            .Question("example.com", DnsRecordType.Naptr)
            .Naptr("example.com", 300, 10, 20, "s", "SIP+D2T", "", "_sip._tcp.example.com")
            .Srv("_sip._tcp.example.com", 200, 1, 5, 5060, "sip1.example.com")
            .Cname("www.example.com", 100, "sip1.example.com")
            .A("sip1.example.com", 60, "192.0.2.10")
            .Aaaa("sip1.example.com", 60, "2001:db8::10")
            .Section(1).Soa("example.com", 3600, 120)
            .Build();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Decodes_every_supported_record_type(bool compress)
    {
        Assert.True(DnsMessageDecoder.TryDecode(FullAnswer(compress), out var message, out var error), error);
        Assert.NotNull(message);
        Assert.Equal(0x1234, message.Id);
        Assert.True(message.IsResponse);
        Assert.Equal(DnsResponseCode.NoError, message.ResponseCode);
        Assert.Equal("example.com", message.QuestionName);
        Assert.Equal((ushort)DnsRecordType.Naptr, message.QuestionType);
        Assert.Equal(5, message.Answers.Count);

        var naptr = Assert.IsType<DnsNaptrRecord>(message.Answers[0]);
        Assert.Equal((10, 20, "s", "SIP+D2T", "", "_sip._tcp.example.com"), (naptr.Order, naptr.Preference, naptr.Flags, naptr.Services, naptr.Regexp, naptr.Replacement));
        Assert.Equal(300u, naptr.Ttl);

        var srv = Assert.IsType<DnsSrvRecord>(message.Answers[1]);
        Assert.Equal(("_sip._tcp.example.com", (ushort)1, (ushort)5, (ushort)5060, "sip1.example.com"), (srv.Name, srv.Priority, srv.Weight, srv.Port, srv.Target));

        var cname = Assert.IsType<DnsCnameRecord>(message.Answers[2]);
        Assert.Equal(("www.example.com", "sip1.example.com"), (cname.Name, cname.Target));

        var a = Assert.IsType<DnsAddressRecord>(message.Answers[3]);
        Assert.Equal(IPAddress.Parse("192.0.2.10"), a.Address);
        var aaaa = Assert.IsType<DnsAddressRecord>(message.Answers[4]);
        Assert.Equal(IPAddress.Parse("2001:db8::10"), aaaa.Address);
        Assert.Equal(DnsRecordType.Aaaa, aaaa.Type);

        var soa = Assert.IsType<DnsSoaRecord>(Assert.Single(message.Authorities));
        Assert.Equal((3600u, 120u, "ns.example.com"), (soa.Ttl, soa.Minimum, soa.PrimaryServer));
    }

    [Fact]
    public void Compression_actually_shrinks_the_packet()
    {
        Assert.True(FullAnswer(compress: true).Length < FullAnswer(compress: false).Length);
    }

    [Fact]
    public void Every_truncation_of_a_valid_packet_is_a_clear_error()
    {
        var packet = FullAnswer();
        for (var length = 0; length < packet.Length; length++)
        {
            Assert.False(DnsMessageDecoder.TryDecode(packet.AsSpan(0, length), out var message, out var error), $"length {length}");
            Assert.Null(message);
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Fact]
    public void Self_pointing_compression_pointer_is_rejected()
    {
        // The answer's name is a pointer to itself: offset 12 + question (13 + 4) = 29.
        var packet = new DnsPacketBuilder(1).Question("a.example", DnsRecordType.A).Build();
        var at = packet.Length;
        var withLoop = new DnsPacketBuilder(1).Question("a.example", DnsRecordType.A)
            .Raw(0xC0, (byte)at, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1).Build();
        withLoop[7] = 1; // ANCOUNT

        Assert.False(DnsMessageDecoder.TryDecode(withLoop, out _, out var error));
        Assert.Contains("does not point backwards", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_pointer_cycle_is_rejected()
    {
        // Label "x" then a pointer forward to a pointer that points back to "x": x → ptr(b) → ptr(a) → ...
        var builder = new DnsPacketBuilder(1);
        var a = builder.Length;          // 12: label "x", then pointer to b
        var b = a + 4;                   // 16: pointer to a
        builder.Raw(1, (byte)'x', 0xC0, (byte)b, 0xC0, (byte)a, 0, 1, 0, 1);
        var packet = builder.Build();
        packet[5] = 1; // QDCOUNT

        Assert.False(DnsMessageDecoder.TryDecode(packet, out _, out var error));
        Assert.Contains("compression pointer", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pointer_beyond_the_message_is_rejected()
    {
        var packet = new DnsPacketBuilder(1).Raw(0xFF, 0xFF, 0, 1, 0, 1).Build();
        packet[5] = 1;
        Assert.False(DnsMessageDecoder.TryDecode(packet, out _, out var error));
        Assert.Contains("compression pointer", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pointer_into_the_header_is_rejected()
    {
        var packet = new DnsPacketBuilder(1).Raw(0xC0, 0x02, 0, 1, 0, 1).Build();
        packet[5] = 1;
        Assert.False(DnsMessageDecoder.TryDecode(packet, out _, out var error));
        Assert.Contains("header", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_longer_than_255_octets_is_rejected()
    {
        var builder = new DnsPacketBuilder(1);
        for (var i = 0; i < 5; i++)
            builder.Raw([63, .. Enumerable.Repeat((byte)'a', 63)]);
        builder.Raw(0, 0, 1, 0, 1);
        var packet = builder.Build();
        packet[5] = 1;
        Assert.False(DnsMessageDecoder.TryDecode(packet, out _, out var error));
        Assert.Contains("255", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Extended_label_type_is_rejected()
    {
        var packet = new DnsPacketBuilder(1).Raw(0x41, 0, 0, 1, 0, 1).Build();
        packet[5] = 1;
        Assert.False(DnsMessageDecoder.TryDecode(packet, out _, out var error));
        Assert.Contains("label type", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rdata_running_past_the_end_is_rejected()
    {
        var packet = new DnsPacketBuilder(1).Question("a.example", DnsRecordType.A)
            .Record("a.example", DnsRecordType.A, 60, () => { })
            .Build();
        // Claim 200 bytes of RDATA that are not there.
        packet[^1] = 200;
        Assert.False(DnsMessageDecoder.TryDecode(packet, out _, out var error));
        Assert.Contains("RDATA", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_with_wrong_length_is_rejected()
    {
        var packet = new DnsPacketBuilder(1).Question("a.example", DnsRecordType.A)
            .Record("a.example", DnsRecordType.A, 60, () => { }).Raw()
            .Build();
        Assert.False(DnsMessageDecoder.TryDecode(packet, out _, out var error));
        Assert.Contains("4 bytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Srv_rdata_longer_than_its_target_is_rejected()
    {
        var builder = new DnsPacketBuilder(1);
        var packet = builder.Question("_sip._udp.example", DnsRecordType.Srv)
            .Record("_sip._udp.example", DnsRecordType.Srv, 60, () => builder.Raw(0, 1, 0, 1, 0x13, 0xC4, 4, (byte)'h', (byte)'o', (byte)'s', (byte)'t', 0, 0xAA))
            .Build();
        Assert.False(DnsMessageDecoder.TryDecode(packet, out _, out var error));
        Assert.Contains("SRV", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_types_and_other_classes_are_skipped()
    {
        var builder = new DnsPacketBuilder(1);
        var packet = builder.Question("a.example", DnsRecordType.A)
            .Record("a.example", (DnsRecordType)16, 60, () => builder.Raw(3, 1, 2, 3))
            .Record("a.example", DnsRecordType.A, 60, () => { }, @class: 3)
            .A("a.example", 60, "192.0.2.1")
            .Build();
        Assert.True(DnsMessageDecoder.TryDecode(packet, out var message, out var error), error);
        Assert.Single(message!.Answers);
    }

    [Fact]
    public void Ttl_with_the_top_bit_set_reads_as_zero()
    {
        var packet = new DnsPacketBuilder(1).Question("a.example", DnsRecordType.A).A("a.example", 0x8000_0001, "192.0.2.1").Build();
        Assert.True(DnsMessageDecoder.TryDecode(packet, out var message, out _));
        Assert.Equal(0u, message!.Answers[0].Ttl);
    }

    [Fact]
    public void Odd_label_bytes_are_escaped_so_names_cannot_be_confused()
    {
        var packet = new DnsPacketBuilder(1).Raw(3, (byte)'a', (byte)'.', 0x07, 7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 0, 0, 1, 0, 1).Build();
        packet[5] = 1;
        Assert.True(DnsMessageDecoder.TryDecode(packet, out var message, out var error), error);
        Assert.Equal("a\\.\\007.example", message!.QuestionName);
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(1234);
        var valid = FullAnswer();
        for (var i = 0; i < 20_000; i++)
        {
            byte[] packet;
            if (i % 2 == 0)
            {
                packet = new byte[random.Next(0, 300)];
                random.NextBytes(packet);
            }
            else
            {
                // Mutate a few bytes of a valid packet: most interesting failures hide near valid structure.
                packet = (byte[])valid.Clone();
                for (var j = random.Next(1, 4); j > 0; j--)
                    packet[random.Next(packet.Length)] = (byte)random.Next(256);
            }

            var ok = DnsMessageDecoder.TryDecode(packet, out var message, out var error);
            Assert.True(ok ? message is not null && error is null : message is null && error is not null);
        }
    }

    [Fact]
    public void Query_encoder_output_decodes_back()
    {
        var buffer = new byte[DnsQueryEncoder.MaxQueryLength];
        var length = DnsQueryEncoder.Encode(buffer, 0xBEEF, "_sip._tcp.Example.COM.", DnsRecordType.Srv, edns: true);
        Assert.True(DnsMessageDecoder.TryDecode(buffer.AsSpan(0, length), out var message, out var error), error);
        Assert.Equal(0xBEEF, message!.Id);
        Assert.False(message.IsResponse);
        Assert.Equal("_sip._tcp.Example.COM", message.QuestionName);
        Assert.Equal((ushort)DnsRecordType.Srv, message.QuestionType);
        Assert.Equal(0x01, buffer[2]); // RD
        Assert.Equal(1, buffer[11]);   // ARCOUNT: the OPT record
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("caf\u00e9.example")]
    [InlineData("a\\.b")]
    public void Query_encoder_refuses_bad_names(string name)
    {
        var buffer = new byte[DnsQueryEncoder.MaxQueryLength];
        Assert.Equal(0, DnsQueryEncoder.WriteName(buffer, name));
    }

    [Fact]
    public void Query_encoder_refuses_long_labels_and_names()
    {
        var buffer = new byte[DnsQueryEncoder.MaxQueryLength];
        Assert.Equal(0, DnsQueryEncoder.WriteName(buffer, new string('a', 64) + ".example"));
        Assert.Equal(0, DnsQueryEncoder.WriteName(buffer, string.Join('.', Enumerable.Repeat(new string('a', 60), 5))));
        Assert.NotEqual(0, DnsQueryEncoder.WriteName(buffer, new string('a', 63) + ".example"));
    }

    [Fact]
    public void Reply_with_wrong_id_or_question_is_not_accepted()
    {
        var packet = new DnsPacketBuilder(7).Question("a.example", DnsRecordType.A).A("a.example", 60, "192.0.2.1").Build();
        Assert.True(DnsWireClient.TryAccept(packet, 7, "A.Example.", DnsRecordType.A, out _, out _));
        Assert.False(DnsWireClient.TryAccept(packet, 8, "a.example", DnsRecordType.A, out _, out var wrongId));
        Assert.Contains("id", wrongId, StringComparison.Ordinal);
        Assert.False(DnsWireClient.TryAccept(packet, 7, "b.example", DnsRecordType.A, out _, out var wrongName));
        Assert.Contains("question", wrongName, StringComparison.Ordinal);
        Assert.False(DnsWireClient.TryAccept(packet, 7, "a.example", DnsRecordType.Aaaa, out _, out _));

        var query = new DnsPacketBuilder(7, flags: 0x0100).Question("a.example", DnsRecordType.A).Build();
        Assert.False(DnsWireClient.TryAccept(query, 7, "a.example", DnsRecordType.A, out _, out var notResponse));
        Assert.Contains("not a response", notResponse, StringComparison.Ordinal);
    }
}
