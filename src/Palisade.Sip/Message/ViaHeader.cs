using System.Text;

namespace Palisade.Sip.Message;

/// <summary>One via-parm: SIP/2.0/transport sent-by *( SEMI via-params ) (RFC 3261 §20.42, RFC 3581 rport).</summary>
public sealed class ViaHeader
{
    private ViaHeader(string transport, string host, int? port, IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        Transport = transport;
        Host = host;
        Port = port;
        Parameters = parameters;
    }

    /// <summary>Upper-case transport token (UDP, TCP, TLS, SCTP, WS… or an unknown one, RFC 4475 §3.1.1.10).</summary>
    public string Transport { get; }
    public string Host { get; }
    public int? Port { get; }
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }
    public string? Branch => GenericParameters.Find(Parameters, "branch");
    public string? Received => GenericParameters.Find(Parameters, "received");
    public bool HasRport => GenericParameters.Find(Parameters, "rport") is not null;

    /// <summary>A parameter's value ("" when present without one), or null when absent.</summary>
    public string? GetParameter(string name) => GenericParameters.Find(Parameters, name);

    /// <summary>True for an RFC 3261 branch (magic cookie "z9hG4bK" followed by something unique, §8.1.1.7).</summary>
    public bool HasRfc3261Branch => Branch is { Length: > 7 } b && b.StartsWith("z9hG4bK", StringComparison.Ordinal);

    /// <summary>The common transports without a string allocation per Via; others upper-cased.</summary>
    private static string TransportToken(ReadOnlySpan<byte> transport)
    {
        if (Ascii.EqualsIgnoreCase(transport, "UDP"u8)) return "UDP";
        if (Ascii.EqualsIgnoreCase(transport, "TCP"u8)) return "TCP";
        if (Ascii.EqualsIgnoreCase(transport, "TLS"u8)) return "TLS";
        return Encoding.ASCII.GetString(transport).ToUpperInvariant();
    }

    public static bool TryParse(ReadOnlySpan<byte> value, out ViaHeader? via, out string? error)
    {
        via = null;
        var r = new ValueReader(value);
        r.SkipLws();
        ReadOnlySpan<byte> name = r.ReadToken();
        if (!Ascii.EqualsIgnoreCase(name, "SIP"u8) || !r.TryConsumeSeparator((byte)'/'))
        {
            error = "Via does not start with SIP/2.0/transport";
            return false;
        }
        ReadOnlySpan<byte> version = r.ReadToken();
        if (!version.SequenceEqual("2.0"u8) || !r.TryConsumeSeparator((byte)'/'))
        {
            error = "Via protocol version is not 2.0";
            return false;
        }
        ReadOnlySpan<byte> transport = r.ReadToken();
        if (transport.IsEmpty)
        {
            error = "Via has no transport";
            return false;
        }
        int beforeLws = r.Position;
        r.SkipLws();
        if (r.Position == beforeLws)
        {
            error = "Via has no white space before sent-by";
            return false;
        }

        string host;
        if (r.Peek() == '[')
        {
            int start = r.Position;
            r.Position++;
            ReadOnlySpan<byte> v6 = r.ReadWhile(SipChars.Ipv6);
            if (v6.IsEmpty || !r.TryConsume((byte)']'))
            {
                error = "Via sent-by has an invalid IPv6 reference";
                return false;
            }
            host = Encoding.ASCII.GetString(value.Slice(start, r.Position - start));
        }
        else
        {
            ReadOnlySpan<byte> h = r.ReadWhile(SipChars.HostName);
            if (h.IsEmpty)
            {
                error = "Via has no sent-by host";
                return false;
            }
            host = Encoding.ASCII.GetString(h);
        }

        int? port = null;
        if (r.TryConsumeSeparator((byte)':'))
        {
            ReadOnlySpan<byte> digits = r.ReadWhile(SipChars.Digits);
            if (digits.IsEmpty || digits.Length > 5 || !int.TryParse(digits, out int p) || p > 65535)
            {
                error = "Via sent-by port is not a number from 0 to 65535";
                return false;
            }
            port = p;
        }

        var parameters = new List<KeyValuePair<string, string?>>(2);
        error = GenericParameters.Parse(ref r, parameters);
        if (error is not null)
        {
            error = "Via " + error;
            return false;
        }
        via = new ViaHeader(TransportToken(transport), host, port, parameters);
        return true;
    }
}
