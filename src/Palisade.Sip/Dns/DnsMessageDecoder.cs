using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Palisade.Sip.Dns;

/// <summary>
/// Decodes DNS responses (RFC 1035 §4) straight from bytes. Hostile input (truncation, compression pointer loops,
/// out-of-range offsets, overlong names, RDATA overruns) yields <c>false</c> with a reason, never an exception or a
/// hang: every compression pointer must point strictly backwards, so name reading always terminates.
/// </summary>
internal static class DnsMessageDecoder
{
    public const ushort ClassIn = 1;
    private const int HeaderLength = 12;
    private const int MaxNameOctets = 255;

    // Smallest resource record: root name (1) + type, class (4) + TTL (4) + RDLENGTH (2).
    private const int MinRecordLength = 11;

    public static bool TryDecode(ReadOnlySpan<byte> packet, out DnsMessage? message, out string? error)
    {
        message = null;
        if (packet.Length < HeaderLength)
        {
            error = $"DNS message of {packet.Length} bytes is shorter than the 12-byte header";
            return false;
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        int qdCount = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        int anCount = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        int nsCount = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        int arCount = BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);

        var offset = HeaderLength;
        var questionName = string.Empty;
        ushort questionType = 0;
        ushort questionClass = 0;
        for (var i = 0; i < qdCount; i++)
        {
            if (!TryReadName(packet, ref offset, out var name, out error))
                return Fail(out error, "question", error);
            if (offset + 4 > packet.Length)
                return Fail(out error, "question", "truncated question type/class");
            if (i == 0)
            {
                questionName = name;
                questionType = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
                questionClass = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            }

            offset += 4;
        }

        var answers = new List<DnsRecord>(Math.Min(anCount, (packet.Length - offset) / MinRecordLength));
        if (!TryReadSection(packet, ref offset, anCount, answers, "answer", out error))
            return false;
        var authorities = new List<DnsRecord>(Math.Min(nsCount, 4));
        if (!TryReadSection(packet, ref offset, nsCount, authorities, "authority", out error))
            return false;
        var additionals = new List<DnsRecord>(Math.Min(arCount, 8));
        if (!TryReadSection(packet, ref offset, arCount, additionals, "additional", out error))
            return false;

        message = new DnsMessage
        {
            Id = id,
            IsResponse = (flags & 0x8000) != 0,
            Opcode = (byte)((flags >> 11) & 0xF),
            IsAuthoritative = (flags & 0x0400) != 0,
            IsTruncated = (flags & 0x0200) != 0,
            RecursionAvailable = (flags & 0x0080) != 0,
            ResponseCode = (DnsResponseCode)(flags & 0xF),
            QuestionCount = qdCount,
            QuestionName = questionName,
            QuestionType = questionType,
            QuestionClass = questionClass,
            Answers = answers,
            Authorities = authorities,
            Additionals = additionals,
        };
        error = null;
        return true;
    }

    private static bool TryReadSection(
        ReadOnlySpan<byte> packet, ref int offset, int count, List<DnsRecord> records, string section, out string? error)
    {
        for (var i = 0; i < count; i++)
        {
            if (!TryReadRecord(packet, ref offset, out var record, out error))
                return Fail(out error, section, error);
            if (record is not null)
                records.Add(record);
        }

        error = null;
        return true;
    }

    private static bool TryReadRecord(ReadOnlySpan<byte> packet, ref int offset, out DnsRecord? record, out string? error)
    {
        record = null;
        if (!TryReadName(packet, ref offset, out var name, out error))
            return false;
        if (offset + 10 > packet.Length)
        {
            error = "truncated record header";
            return false;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
        var @class = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
        var ttl = BinaryPrimitives.ReadUInt32BigEndian(packet[(offset + 4)..]);
        int rdLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 8)..]);
        offset += 10;
        if (offset + rdLength > packet.Length)
        {
            error = $"RDATA of {rdLength} bytes runs past the end of the message";
            return false;
        }

        // RFC 2181 §8: a TTL with the top bit set is treated as zero.
        if (ttl > int.MaxValue)
            ttl = 0;

        var rdStart = offset;
        var rdEnd = offset + rdLength;
        offset = rdEnd;
        if (@class != ClassIn)
        {
            // OPT (class = payload size) and anything not IN are of no use to us.
            error = null;
            return true;
        }

        var rdata = packet[rdStart..rdEnd];
        switch ((DnsRecordType)type)
        {
            case DnsRecordType.A:
                if (rdLength != 4)
                    return FailRecord(out error, "A", "RDATA is not 4 bytes");
                record = new DnsAddressRecord(name, DnsRecordType.A, ttl, new IPAddress(rdata));
                break;
            case DnsRecordType.Aaaa:
                if (rdLength != 16)
                    return FailRecord(out error, "AAAA", "RDATA is not 16 bytes");
                record = new DnsAddressRecord(name, DnsRecordType.Aaaa, ttl, new IPAddress(rdata));
                break;
            case DnsRecordType.Cname:
            {
                var p = rdStart;
                if (!TryReadName(packet, ref p, out var target, out error) || p != rdEnd)
                    return FailRecord(out error, "CNAME", error ?? "RDATA length does not match the name");
                record = new DnsCnameRecord(name, ttl, target);
                break;
            }

            case DnsRecordType.Srv:
            {
                // RFC 2782: priority, weight, port, target. The target must not be compressed, but decoders are
                // lenient and we follow (backward) pointers anyway.
                if (rdLength < 7)
                    return FailRecord(out error, "SRV", "RDATA shorter than 7 bytes");
                var p = rdStart + 6;
                if (!TryReadName(packet, ref p, out var target, out error) || p != rdEnd)
                    return FailRecord(out error, "SRV", error ?? "RDATA length does not match the target");
                record = new DnsSrvRecord(
                    name,
                    ttl,
                    BinaryPrimitives.ReadUInt16BigEndian(rdata),
                    BinaryPrimitives.ReadUInt16BigEndian(rdata[2..]),
                    BinaryPrimitives.ReadUInt16BigEndian(rdata[4..]),
                    target);
                break;
            }

            case DnsRecordType.Naptr:
            {
                // RFC 3403 §4.1: ORDER, PREFERENCE, FLAGS, SERVICES, REGEXP (character-strings), REPLACEMENT (name).
                if (rdLength < 4)
                    return FailRecord(out error, "NAPTR", "RDATA shorter than 4 bytes");
                var p = 4;
                if (!TryReadCharacterString(rdata, ref p, out var naptrFlags)
                    || !TryReadCharacterString(rdata, ref p, out var services)
                    || !TryReadCharacterString(rdata, ref p, out var regexp))
                    return FailRecord(out error, "NAPTR", "character-string runs past RDATA");
                var namePos = rdStart + p;
                if (!TryReadName(packet, ref namePos, out var replacement, out error) || namePos != rdEnd)
                    return FailRecord(out error, "NAPTR", error ?? "RDATA length does not match the replacement");
                record = new DnsNaptrRecord(
                    name,
                    ttl,
                    BinaryPrimitives.ReadUInt16BigEndian(rdata),
                    BinaryPrimitives.ReadUInt16BigEndian(rdata[2..]),
                    naptrFlags,
                    services,
                    regexp,
                    replacement);
                break;
            }

            case DnsRecordType.Soa:
            {
                var p = rdStart;
                if (!TryReadName(packet, ref p, out var mname, out error) || !TryReadName(packet, ref p, out var rname, out error))
                    return FailRecord(out error, "SOA", error);
                if (p + 20 != rdEnd)
                    return FailRecord(out error, "SOA", "RDATA length does not match");
                record = new DnsSoaRecord(
                    name,
                    ttl,
                    mname,
                    rname,
                    BinaryPrimitives.ReadUInt32BigEndian(packet[p..]),
                    BinaryPrimitives.ReadUInt32BigEndian(packet[(p + 16)..]));
                break;
            }

            default:
                break;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// Reads a possibly compressed domain name (RFC 1035 §4.1.4) starting at <paramref name="offset"/>, which is left
    /// just past the name as it appears in place. Labels are dot-joined; a '.' or '\' inside a label and non-printable
    /// octets are escaped as in zone files (RFC 1035 §5.1) so two different wire names never read the same.
    /// </summary>
    public static bool TryReadName(ReadOnlySpan<byte> packet, ref int offset, out string name, out string? error)
    {
        name = string.Empty;
        Span<char> chars = stackalloc char[MaxNameOctets * 4];
        var length = 0;
        var wireOctets = 0;
        var position = offset;
        var jumped = false;
        while (true)
        {
            if (position >= packet.Length)
            {
                error = "name runs past the end of the message";
                return false;
            }

            var lengthByte = packet[position];
            switch (lengthByte & 0xC0)
            {
                case 0xC0:
                {
                    if (position + 1 >= packet.Length)
                    {
                        error = "truncated compression pointer";
                        return false;
                    }

                    var target = ((lengthByte & 0x3F) << 8) | packet[position + 1];
                    // Only strictly backward pointers, and not into the header: this is what makes loops impossible.
                    if (target >= position)
                    {
                        error = $"compression pointer at {position} to {target} does not point backwards";
                        return false;
                    }

                    if (target < HeaderLength)
                    {
                        error = $"compression pointer at {position} points into the header";
                        return false;
                    }

                    if (!jumped)
                    {
                        offset = position + 2;
                        jumped = true;
                    }

                    position = target;
                    continue;
                }

                case 0x00:
                    break;
                default:
                    // 0x40 and 0x80 are the obsolete extended label types (RFC 6891 §5).
                    error = $"unsupported label type 0x{lengthByte:X2}";
                    return false;
            }

            if (lengthByte == 0)
            {
                if (!jumped)
                    offset = position + 1;
                name = length == 0 ? "." : new string(chars[..length]);
                error = null;
                return true;
            }

            wireOctets += lengthByte + 1;
            if (wireOctets + 1 > MaxNameOctets)
            {
                error = "name longer than 255 octets";
                return false;
            }

            if (position + 1 + lengthByte > packet.Length)
            {
                error = "label runs past the end of the message";
                return false;
            }

            if (length > 0)
                chars[length++] = '.';
            foreach (var b in packet.Slice(position + 1, lengthByte))
            {
                if (b is (byte)'.' or (byte)'\\')
                {
                    chars[length++] = '\\';
                    chars[length++] = (char)b;
                }
                else if (b is < 0x21 or > 0x7E)
                {
                    chars[length++] = '\\';
                    chars[length++] = (char)('0' + (b / 100));
                    chars[length++] = (char)('0' + (b / 10 % 10));
                    chars[length++] = (char)('0' + (b % 10));
                }
                else
                {
                    chars[length++] = (char)b;
                }
            }

            position += 1 + lengthByte;
        }
    }

    private static bool TryReadCharacterString(ReadOnlySpan<byte> rdata, ref int offset, out string value)
    {
        value = string.Empty;
        if (offset >= rdata.Length)
            return false;
        int length = rdata[offset];
        if (offset + 1 + length > rdata.Length)
            return false;
        // NAPTR flags/services/regexp are ASCII in practice; Latin-1 keeps any odd byte one char without throwing.
        value = length == 0 ? string.Empty : Encoding.Latin1.GetString(rdata.Slice(offset + 1, length));
        offset += 1 + length;
        return true;
    }

    private static bool Fail(out string? error, string section, string? reason)
    {
        error = $"malformed DNS message in {section} section: {reason}";
        return false;
    }

    private static bool FailRecord(out string? error, string type, string? reason)
    {
        error = $"{type} record: {reason}";
        return false;
    }
}
