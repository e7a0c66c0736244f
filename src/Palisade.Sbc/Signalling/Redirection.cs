using System.Globalization;
using System.Text;

namespace Palisade.Sbc.Signalling;

/// <summary>One redirection of a call: who diverted it and why (RFC 5806 reason tokens).</summary>
internal readonly record struct Redirection(string Number, string Reason);

/// <summary>
/// Converts call-redirection history between Diversion (RFC 5806, what most carriers send) and History-Info (RFC 7044,
/// what Teams sends and some carriers want), following the mapping of RFC 6044. Only numbers and reasons cross: the
/// hosts are Palisade's, so the conversion is also topology hiding.
/// </summary>
internal static class RedirectionHeaders
{
    /// <summary>Diversion values, most recent first (RFC 5806 §4: the topmost is the last diversion).</summary>
    public static List<Redirection> FromDiversion(IReadOnlyList<string> values)
    {
        var result = new List<Redirection>(values.Count);
        foreach (string value in values)
        {
            string? number = UserOf(value);
            if (number is null)
                continue;
            result.Add(new Redirection(number, Parameter(value, "reason") ?? "unknown"));
        }
        return result;
    }

    /// <summary>
    /// History-Info entries (in index order) → redirections, most recent first: an entry whose URI carries a Reason
    /// with a cause is a target that diverted the call (RFC 6044 §5).
    /// </summary>
    public static List<Redirection> FromHistoryInfo(IReadOnlyList<string> entries)
    {
        var result = new List<Redirection>();
        foreach (string entry in entries)
        {
            string? cause = ReasonCause(entry);
            if (cause is null || UserOf(entry) is not { } number)
                continue;
            result.Insert(0, new Redirection(number, DiversionReason(cause)));
        }
        return result;
    }

    /// <summary>Diversion header values (one per redirection, most recent first) with Palisade's host.</summary>
    public static List<string> ToDiversion(IReadOnlyList<Redirection> redirections, string host)
    {
        var values = new List<string>(redirections.Count);
        for (int i = 0; i < redirections.Count; i++)
        {
            Redirection r = redirections[i];
            // counter: how many times the call was diverted up to and including this one (RFC 5806 §4).
            values.Add(Party.NameAddr(null, r.Number, host) + ";reason=" + r.Reason + ";counter=" + (redirections.Count - i).ToString(CultureInfo.InvariantCulture));
        }
        return values;
    }

    /// <summary>
    /// History-Info entries for redirections (most recent first) ending at <paramref name="target"/>: each diverting
    /// number carries its cause in an escaped Reason (RFC 7044 §4.1), the next entry is a retarget (mp) of it.
    /// </summary>
    public static List<string> ToHistoryInfo(IReadOnlyList<Redirection> redirections, string target, string host)
    {
        var entries = new List<string>(redirections.Count + 1);
        string index = "1";
        for (int i = redirections.Count - 1; i >= 0; i--)
        {
            Redirection r = redirections[i];
            string uri = Uri(r.Number, host) + "?Reason=SIP%3Bcause%3D" + Cause(r.Reason).ToString(CultureInfo.InvariantCulture);
            string parent = index;
            entries.Add("<" + uri + ">;index=" + index + (entries.Count == 0 ? "" : ";mp=" + Parent(parent)));
            index += ".1";
        }
        entries.Add("<" + Uri(target, host) + ">;index=" + index + (entries.Count == 0 ? "" : ";mp=" + Parent(index)));
        return entries;
    }

    private static string Parent(string index)
    {
        int dot = index.LastIndexOf('.');
        return dot < 0 ? index : index[..dot];
    }

    private static string Uri(string number, string host) =>
        "sip:" + number + "@" + host + (number.StartsWith('+') ? ";user=phone" : "");

    /// <summary>RFC 6044 §7 reason ↔ cause mapping.</summary>
    public static int Cause(string reason) => reason.ToLowerInvariant() switch
    {
        "user-busy" => 486,
        "no-answer" => 408,
        "unconditional" or "follow-me" or "away" => 302,
        "deflection" or "do-not-disturb" => 480,
        "unavailable" or "out-of-service" => 503,
        _ => 404,
    };

    public static string DiversionReason(string cause) => cause switch
    {
        "486" => "user-busy",
        "408" => "no-answer",
        "302" => "unconditional",
        "480" or "487" => "deflection",
        "503" => "unavailable",
        _ => "unknown",
    };

    private static string? UserOf(string nameAddr)
    {
        int sip = nameAddr.IndexOf("sip:", StringComparison.OrdinalIgnoreCase);
        int tel = nameAddr.IndexOf("tel:", StringComparison.OrdinalIgnoreCase);
        int start = sip >= 0 ? sip : tel;
        if (start < 0)
            return null;
        start += 4;
        int end = start;
        while (end < nameAddr.Length && nameAddr[end] is not ('@' or ';' or '>' or '?'))
            end++;
        if (end == start)
            return null;
        return Palisade.Sip.Message.SipUri.Unescape(nameAddr[start..end]);
    }

    private static string? Parameter(string value, string name)
    {
        int close = value.LastIndexOf('>');
        string parameters = close < 0 ? value : value[(close + 1)..];
        foreach (string p in parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = p.IndexOf('=');
            if (eq > 0 && p[..eq].Equals(name, StringComparison.OrdinalIgnoreCase))
                return p[(eq + 1)..].Trim('"');
        }
        return null;
    }

    /// <summary>The cause of an escaped Reason in a History-Info URI (<c>?Reason=SIP%3Bcause%3D302</c>), or null.</summary>
    private static string? ReasonCause(string entry)
    {
        int q = entry.IndexOf("?Reason=", StringComparison.OrdinalIgnoreCase);
        if (q < 0)
            return null;
        int end = entry.IndexOf('>', q);
        string reason = UnescapeUri(entry[(q + 8)..(end < 0 ? entry.Length : end)]);
        int cause = reason.IndexOf("cause=", StringComparison.OrdinalIgnoreCase);
        if (cause < 0)
            return null;
        var digits = new StringBuilder(3);
        for (int i = cause + 6; i < reason.Length && char.IsAsciiDigit(reason[i]); i++)
            digits.Append(reason[i]);
        return digits.Length == 0 ? null : digits.ToString();
    }

    private static string UnescapeUri(string s) => System.Uri.UnescapeDataString(s);
}
