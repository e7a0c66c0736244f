using System.Buffers.Binary;

namespace Palisade.Sip.Dns;

/// <summary>Encodes a single-question recursive query (RFC 1035 §4.1), optionally with an EDNS(0) OPT record.</summary>
internal static class DnsQueryEncoder
{
    /// <summary>
    /// UDP payload size we advertise. 1232 is the DNS Flag Day 2020 value: it fits the IPv6 minimum MTU without
    /// fragmentation, and is large enough that typical NAPTR/SRV answers do not need the TCP fallback.
    /// </summary>
    public const ushort EdnsUdpPayloadSize = 1232;

    /// <summary>Header + longest name (255) + type/class + OPT record.</summary>
    public const int MaxQueryLength = 12 + 255 + 4 + 11;

    /// <summary>Writes the query into <paramref name="destination"/>; returns the length, or 0 when the name is invalid.</summary>
    public static int Encode(Span<byte> destination, ushort id, string name, DnsRecordType type, bool edns)
    {
        if (destination.Length < MaxQueryLength)
            throw new ArgumentException("Destination too small for a DNS query.", nameof(destination));

        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        // Flags: QR=0, OPCODE=0 (standard query), RD=1 because we talk to recursive resolvers (RFC 1035 §4.1.1).
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0x0100);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)(edns ? 1 : 0));

        var offset = 12;
        var written = WriteName(destination[offset..], name);
        if (written == 0)
            return 0;
        offset += written;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], DnsMessageDecoder.ClassIn);
        offset += 4;

        if (edns)
        {
            // OPT pseudo-RR (RFC 6891 §6.1.2): root name, TYPE 41, CLASS = UDP payload size, TTL = 0 (no extended
            // RCODE, version 0, DO clear), RDLENGTH 0.
            destination[offset] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 1)..], (ushort)DnsRecordType.Opt);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 3)..], EdnsUdpPayloadSize);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 5)..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 9)..], 0);
            offset += 11;
        }

        return offset;
    }

    /// <summary>
    /// Writes <paramref name="name"/> as uncompressed labels. Returns 0 when a label is empty or longer than 63 octets,
    /// the name is longer than 255 octets (RFC 1035 §2.3.4), or it holds a non-ASCII character.
    /// </summary>
    public static int WriteName(Span<byte> destination, string name)
    {
        if (name.Length == 0 || name == ".")
        {
            destination[0] = 0;
            return 1;
        }

        var end = name.EndsWith('.') ? name.Length - 1 : name.Length;
        var offset = 0;
        var labelStart = 0;
        while (labelStart <= end)
        {
            var dot = name.IndexOf('.', labelStart, end - labelStart);
            var labelEnd = dot < 0 ? end : dot;
            var labelLength = labelEnd - labelStart;
            if (labelLength is 0 or > 63 || offset + 1 + labelLength + 1 > 255)
                return 0;
            destination[offset++] = (byte)labelLength;
            for (var i = labelStart; i < labelEnd; i++)
            {
                var c = name[i];
                // Escaped or non-ASCII names never come from SIP URIs (RFC 3261 §25.1 hostname); refuse them.
                if (c is <= ' ' or > '~' or '\\')
                    return 0;
                destination[offset++] = (byte)c;
            }

            labelStart = labelEnd + 1;
        }

        destination[offset++] = 0;
        return offset;
    }
}
