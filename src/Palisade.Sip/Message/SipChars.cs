using System.Buffers;

namespace Palisade.Sip.Message;

/// <summary>Character classes of the RFC 3261 §25 grammar, as <see cref="SearchValues{T}"/> so that scans vectorise.</summary>
internal static class SipChars
{
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~").</summary>
    public static readonly SearchValues<byte> Token = Create(Alnum + "-.!%*_+`'~");

    /// <summary>word (Call-ID) = token plus ( ) &lt; &gt; : \ " / [ ] ? { }.</summary>
    public static readonly SearchValues<byte> Word = Create(Alnum + "-.!%*_+`'~()<>:\\\"/[]?{}");

    /// <summary>unreserved = alphanum / mark; mark = - _ . ! ~ * ' ( ).</summary>
    public static readonly SearchValues<byte> Unreserved = Create(Alnum + "-_.!~*'()");

    /// <summary>Characters allowed in the user part: unreserved / escaped / user-unreserved (&amp; = + $ , ; ? /).</summary>
    public static readonly SearchValues<byte> User = Create(Alnum + "-_.!~*'()%&=+$,;?/");

    /// <summary>password = *( unreserved / escaped / &amp; = + $ , ).</summary>
    public static readonly SearchValues<byte> Password = Create(Alnum + "-_.!~*'()%&=+$,");

    /// <summary>paramchar = param-unreserved ([ ] / : &amp; + $) / unreserved / escaped.</summary>
    public static readonly SearchValues<byte> ParamChar = Create(Alnum + "-_.!~*'()%[]/:&+$");

    /// <summary>hname/hvalue chars: hnv-unreserved ([ ] / ? : + $) / unreserved / escaped.</summary>
    public static readonly SearchValues<byte> HeaderChar = Create(Alnum + "-_.!~*'()%[]/?:+$");

    /// <summary>Host name characters (alphanum, "-", ".") — RFC 3261 §25 hostname.</summary>
    public static readonly SearchValues<byte> HostName = Create(Alnum + "-.");

    /// <summary>IPv6 reference contents (hex digits, ":" and "." for an embedded IPv4 part).</summary>
    public static readonly SearchValues<byte> Ipv6 = SearchValues.Create("0123456789abcdefABCDEF:."u8);

    /// <summary>URI scheme characters after the first letter (RFC 3986 §3.1).</summary>
    public static readonly SearchValues<byte> Scheme = Create(Alnum + "+-.");

    public static readonly SearchValues<byte> Digits = SearchValues.Create("0123456789"u8);

    private static SearchValues<byte> Create(string chars) => SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(chars));

    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    public static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 5;

    public static bool IsAlpha(byte b) => (uint)((b | 0x20) - 'a') <= 25;

    /// <summary>True when every '%' in <paramref name="s"/> starts a valid %HEX HEX escape (RFC 3261 §25.1 escaped).</summary>
    public static bool EscapesValid(ReadOnlySpan<byte> s)
    {
        int i = s.IndexOf((byte)'%');
        while (i >= 0)
        {
            if (i + 2 >= s.Length || !IsHex(s[i + 1]) || !IsHex(s[i + 2])) return false;
            int next = s.Slice(i + 3).IndexOf((byte)'%');
            i = next < 0 ? -1 : i + 3 + next;
        }
        return true;
    }

    /// <summary>Trims SP, HT, CR and LF (linear white space, including folded line breaks) from both ends.</summary>
    public static ReadOnlySpan<byte> TrimLws(ReadOnlySpan<byte> s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsWhitespace(s[start])) start++;
        while (end > start && IsWhitespace(s[end - 1])) end--;
        return s.Slice(start, end - start);
    }
}
