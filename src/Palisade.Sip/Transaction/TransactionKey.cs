using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Transaction;

/// <summary>
/// Identifies a transaction in the layer's dictionaries. Client keys (§17.1.3) are branch + CSeq method. Server keys
/// (§17.2.3) are branch + sent-by + method, with ACK looked up as INVITE; a request without an RFC 3261 branch gets a
/// legacy RFC 2543 key built from Request-URI, From tag, Call-ID, CSeq number and top Via (the To tag is checked
/// after the look-up, because the ACK carries the tag of our response, not the INVITE's).
/// Building a key allocates nothing for RFC 3261 messages: the strings come from the parsed message.
/// </summary>
internal readonly struct TransactionKey : IEquatable<TransactionKey>
{
    private TransactionKey(string id, string host, int port, SipMethod method, string? extensionMethod, bool legacy)
    {
        Id = id;
        Host = host;
        Port = port;
        Method = method;
        ExtensionMethod = extensionMethod;
        IsLegacy = legacy;
    }

    /// <summary>The branch, or the RFC 2543 composite.</summary>
    public string Id { get; }
    public string Host { get; }
    public int Port { get; }
    public SipMethod Method { get; }
    public string? ExtensionMethod { get; }
    public bool IsLegacy { get; }

    /// <summary>Client key (§17.1.3): the branch of the Via we put on top, and the CSeq method.</summary>
    public static TransactionKey ForClient(string branch, SipMethod method, string methodText)
        => new(branch, "", 0, method, method == SipMethod.Extension ? methodText : null, legacy: false);

    /// <summary>
    /// Server key (§17.2.3) for <paramref name="request"/> as a request of <paramref name="method"/> (INVITE for an ACK
    /// or when looking up the INVITE a CANCEL cancels, §9.2).
    /// </summary>
    public static TransactionKey ForServer(SipMessage request, SipMethod method, string methodText)
    {
        ViaHeader via = request.TopVia!;
        string? extension = method == SipMethod.Extension ? methodText : null;
        if (via.HasRfc3261Branch)
            return new TransactionKey(via.Branch!, via.Host, via.Port ?? -1, method, extension, legacy: false);
        return new TransactionKey(LegacyId(request), "", 0, method, extension, legacy: true);
    }

    private static string LegacyId(SipMessage request)
    {
        // RFC 2543 matching: Request-URI, From tag, Call-ID, CSeq number and the top Via as written. A rare path
        // (pre-2002 peers), so one string per request is acceptable.
        var sb = new StringBuilder(256);
        sb.Append(Encoding.UTF8.GetString(request.RequestUriBytes)).Append('\n')
          .Append(request.FromTag).Append('\n')
          .Append(request.CallId).Append('\n')
          .Append(request.CSeq).Append('\n')
          .Append(Encoding.UTF8.GetString(TopViaValue(request)));
        return sb.ToString();
    }

    /// <summary>The first via-parm of the first Via header, as written.</summary>
    public static ReadOnlySpan<byte> TopViaValue(SipMessage message)
    {
        int index = message.IndexOf(HeaderId.Via);
        if (index < 0)
            return default;
        var split = new CommaSplitter(message.GetValue(message.Headers[index]));
        return split.TryNext(out ReadOnlySpan<byte> first) ? first : default;
    }

    public bool Equals(TransactionKey other)
        => Method == other.Method
           && Port == other.Port
           && IsLegacy == other.IsLegacy
           // Branch and host are tokens: case-insensitive (§7.3.1, §20.42). Methods are case-sensitive (§7.1).
           && string.Equals(Id, other.Id, IsLegacy ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase)
           && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase)
           && string.Equals(ExtensionMethod, other.ExtensionMethod, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is TransactionKey other && Equals(other);

    public override int GetHashCode()
        => HashCode.Combine(
            IsLegacy ? StringComparer.Ordinal.GetHashCode(Id) : StringComparer.OrdinalIgnoreCase.GetHashCode(Id),
            StringComparer.OrdinalIgnoreCase.GetHashCode(Host),
            Port,
            Method);

    public static bool operator ==(TransactionKey left, TransactionKey right) => left.Equals(right);

    public static bool operator !=(TransactionKey left, TransactionKey right) => !left.Equals(right);

    public override string ToString() => Id + "|" + Host + ":" + Port + "|" + Method;
}
