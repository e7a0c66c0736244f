namespace Palisade.Sip.Dns;

/// <summary>Domain name helpers: names compare case-insensitively (RFC 4343) and with or without the final dot.</summary>
internal static class DnsName
{
    /// <summary>The name without a trailing dot, lower-cased: the form cache keys and comparisons use.</summary>
    public static string Normalize(string name)
    {
        var trimmed = name.Length > 1 && name.EndsWith('.') ? name[..^1] : name;
        return trimmed.ToLowerInvariant();
    }

    /// <summary>The name without a trailing dot, case kept: the form shown to users and used for TLS SNI.</summary>
    public static string TrimDot(string name) => name.Length > 1 && name.EndsWith('.') ? name[..^1] : name;

    public static bool Equals(string a, string b) =>
        TrimDot(a).Equals(TrimDot(b), StringComparison.OrdinalIgnoreCase);
}
