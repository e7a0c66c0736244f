namespace Palisade.Sip.Sdp;

/// <summary>
/// a=crypto:&lt;tag&gt; &lt;crypto-suite&gt; &lt;key-params&gt; [&lt;session-params&gt;] (RFC 4568 §9.1). Key params stay a
/// string ("inline:key‖salt|lifetime|MKI:length", several joined by ';'); <see cref="TryGetInlineKey"/> splits the first.
/// </summary>
public sealed record SdpCrypto(uint Tag, string Suite, string KeyParams, IReadOnlyList<string> SessionParams)
{
    public static SdpCrypto? TryParse(string value)
    {
        string[] f = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // tag = 1*9DIGIT (§9.1); the suite is a token; key-params start with a method ("inline:").
        if (f.Length < 3 || f[0].Length > 9 || !SdpText.IsDigits(f[0]) || !f[2].Contains(':', StringComparison.Ordinal))
            return null;
        return new SdpCrypto(uint.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), f[1], f[2], f[3..]);
    }

    /// <summary>The first inline key: base64 key‖salt, lifetime ("2^31" or a number) and MKI ("1:4"), each null when absent.</summary>
    public bool TryGetInlineKey(out string keySalt, out string? lifetime, out string? mki)
    {
        lifetime = null;
        mki = null;
        keySalt = "";
        string first = KeyParams.Split(';')[0];
        if (!first.StartsWith("inline:", StringComparison.Ordinal))
            return false;
        string[] p = first["inline:".Length..].Split('|');
        if (p[0].Length == 0 || p.Length > 3)
            return false;
        keySalt = p[0];
        foreach (string extra in p.AsSpan(1))
        {
            // lifetime and MKI are both optional; the MKI is the one with a ':' (§9.1).
            if (extra.Contains(':', StringComparison.Ordinal)) mki = extra;
            else lifetime = extra;
        }
        return true;
    }

    public override string ToString() => SdpText.Number(Tag) + " " + Suite + " " + KeyParams + (SessionParams.Count > 0 ? " " + string.Join(' ', SessionParams) : "");
}
