using System.Buffers.Binary;
using System.Net;
using System.Text;
using Palisade.Sip.Dns;

namespace Palisade.Sip.Tests.Dns;

/// <summary>Builds DNS response packets by hand, with RFC 1035 §4.1.4 name compression, for decoder tests.</summary>
internal sealed class DnsPacketBuilder
{
    private readonly List<byte> _bytes = [];
    private readonly Dictionary<string, int> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool _compress;
    private int _qd;
    private int _an;
    private int _ns;
    private int _ar;
    private int _section;

    public DnsPacketBuilder(ushort id, ushort flags = 0x8180, bool compress = true)
    {
        _compress = compress;
        U16(id);
        U16(flags);
        U16(0);
        U16(0);
        U16(0);
        U16(0);
    }

    public int Length => _bytes.Count;

    public DnsPacketBuilder Question(string name, DnsRecordType type)
    {
        Name(name);
        U16((ushort)type);
        U16(1);
        _qd++;
        return this;
    }

    /// <summary>Following records go to the authority (1) or additional (2) section.</summary>
    public DnsPacketBuilder Section(int section)
    {
        _section = section;
        return this;
    }

    public DnsPacketBuilder A(string name, uint ttl, string address) => Record(name, DnsRecordType.A, ttl, () => Raw(IPAddress.Parse(address).GetAddressBytes()));

    public DnsPacketBuilder Aaaa(string name, uint ttl, string address) => Record(name, DnsRecordType.Aaaa, ttl, () => Raw(IPAddress.Parse(address).GetAddressBytes()));

    public DnsPacketBuilder Cname(string name, uint ttl, string target) => Record(name, DnsRecordType.Cname, ttl, () => Name(target));

    public DnsPacketBuilder Srv(string name, uint ttl, ushort priority, ushort weight, ushort port, string target) =>
        Record(name, DnsRecordType.Srv, ttl, () =>
        {
            U16(priority);
            U16(weight);
            U16(port);
            Name(target);
        });

    public DnsPacketBuilder Naptr(string name, uint ttl, ushort order, ushort preference, string flags, string services, string regexp, string replacement) =>
        Record(name, DnsRecordType.Naptr, ttl, () =>
        {
            U16(order);
            U16(preference);
            CharacterString(flags);
            CharacterString(services);
            CharacterString(regexp);
            Name(replacement, compress: false);
        });

    public DnsPacketBuilder Soa(string name, uint ttl, uint minimum) =>
        Record(name, DnsRecordType.Soa, ttl, () =>
        {
            Name("ns." + name);
            Name("hostmaster." + name);
            U32(1);
            U32(3600);
            U32(600);
            U32(86400);
            U32(minimum);
        });

    public DnsPacketBuilder Record(string name, DnsRecordType type, uint ttl, Action rdata, ushort @class = 1)
    {
        Name(name);
        U16((ushort)type);
        U16(@class);
        U32(ttl);
        var lengthAt = _bytes.Count;
        U16(0);
        var start = _bytes.Count;
        rdata();
        var length = _bytes.Count - start;
        _bytes[lengthAt] = (byte)(length >> 8);
        _bytes[lengthAt + 1] = (byte)length;
        switch (_section)
        {
            case 0: _an++; break;
            case 1: _ns++; break;
            default: _ar++; break;
        }

        return this;
    }

    public DnsPacketBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public byte[] Build()
    {
        var packet = _bytes.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)_qd);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), (ushort)_an);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(8), (ushort)_ns);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), (ushort)_ar);
        return packet;
    }

    public void Name(string name, bool compress = true)
    {
        var labels = name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < labels.Length; i++)
        {
            var suffix = string.Join('.', labels, i, labels.Length - i);
            if (_compress && compress && _names.TryGetValue(suffix, out var at))
            {
                _bytes.Add((byte)(0xC0 | (at >> 8)));
                _bytes.Add((byte)at);
                return;
            }

            if (_bytes.Count < 0x3FFF)
                _names.TryAdd(suffix, _bytes.Count);
            var label = Encoding.ASCII.GetBytes(labels[i]);
            _bytes.Add((byte)label.Length);
            _bytes.AddRange(label);
        }

        _bytes.Add(0);
    }

    private void CharacterString(string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        _bytes.Add((byte)bytes.Length);
        _bytes.AddRange(bytes);
    }

    private void U16(ushort value)
    {
        _bytes.Add((byte)(value >> 8));
        _bytes.Add((byte)value);
    }

    private void U32(uint value)
    {
        U16((ushort)(value >> 16));
        U16((ushort)value);
    }
}
