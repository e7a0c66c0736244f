using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Palisade.Routing.Config;

/// <summary>
/// Parses scalar text into typed values. Each method reports "bad NOUN 'value' in CONTEXT: reason" at the value's
/// position and returns null, so a caller can keep going and report every other problem too.
/// </summary>
internal sealed partial class ValueParser(ConfigDiagnostics diagnostics)
{
    public void Bad(ConfigScalar value, string noun, string context, string reason) =>
        diagnostics.Add(value, $"bad {noun} '{value.Value}' in {context}: {reason}");

    public int? Int(ConfigScalar value, string noun, string context, int min, int max)
    {
        if (!int.TryParse(value.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
        {
            Bad(value, noun, context, "expected a whole number");
            return null;
        }

        if (result < min || result > max)
        {
            Bad(value, noun, context, $"it must be {min} to {max}");
            return null;
        }

        return result;
    }

    public int? Port(ConfigScalar value, string context) =>
        int.TryParse(value.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : Fail<int>(value, "port", context, "a port is a whole number from 1 to 65535");

    public bool? Bool(ConfigScalar value, string noun, string context) => value.Value switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => Fail<bool>(value, noun, context, "expected true or false"),
    };

    /// <summary>An IPv4 address in strict dotted-quad form or an IPv6 address. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> alone would accept "127.1" or "5060".</summary>
    public IPAddress? Ip(ConfigScalar value, string context)
    {
        if (TryParseIp(value.Value, out var address))
        {
            return address;
        }

        Bad(value, "IP address", context, "expected an IPv4 address such as 127.0.0.1 or an IPv6 address such as ::1");
        return null;
    }

    public static bool TryParseIp(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address = v6;
                return true;
            }

            return false;
        }

        if (!DottedQuad().IsMatch(text) || !IPAddress.TryParse(text, out var v4))
        {
            return false;
        }

        address = v4;
        return true;
    }

    /// <summary>True when the text looks like it was meant as an IPv4 address (digits and dots only).</summary>
    public static bool LooksLikeIpv4(string text) => DigitsAndDots().IsMatch(text);

    /// <summary>"10.0.0.0/8", or a bare address meaning a single host (/32 or /128).</summary>
    public IPNetwork? Cidr(ConfigScalar value, string context)
    {
        var text = value.Value;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryParseIp(addressText, out var address))
        {
            Bad(value, "CIDR", context, "expected an address and a prefix length such as 192.0.2.0/24 or 2001:db8::/32");
            return null;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0
            && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            Bad(value, "CIDR", context, $"the prefix length must be 0 to {maxPrefix}");
            return null;
        }

        // IPNetwork refuses host bits beyond the prefix; say which network was probably meant.
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        var network = new IPAddress(bytes);
        if (!network.Equals(address))
        {
            Bad(value, "CIDR", context, $"the address has bits set beyond the /{prefix} prefix; did you mean '{network}/{prefix}'?");
            return null;
        }

        return new IPNetwork(network, prefix);
    }

    /// <summary>"500ms", "30s", "2m", "1h", or combined like "1m30s".</summary>
    public TimeSpan? Duration(ConfigScalar value, string noun, string context, TimeSpan min, TimeSpan max)
    {
        var match = DurationPattern().Match(value.Value);
        if (!match.Success)
        {
            Bad(value, noun, context, "expected a number with a unit (ms, s, m or h), such as 500ms, 30s or 2m");
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var text = part.Value;
            var unitLength = text.EndsWith("ms", StringComparison.Ordinal) ? 2 : 1;
            if (!long.TryParse(text.AsSpan(0, text.Length - unitLength), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 1_000_000_000)
            {
                Bad(value, noun, context, "the number is too large");
                return null;
            }

            total += text[^unitLength..] switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
        }

        if (total < min || total > max)
        {
            Bad(value, noun, context, $"it must be from {Format(min)} to {Format(max)}");
            return null;
        }

        return total;
    }

    public T? Keyword<T>(ConfigScalar value, string noun, string context, params (string Word, T Value)[] words)
        where T : struct
    {
        foreach (var (word, result) in words)
        {
            if (string.Equals(word, value.Value, StringComparison.OrdinalIgnoreCase))
            {
                return result;
            }
        }

        var names = words.Select(w => w.Word).ToArray();
        var hint = KeySuggester.Closest(value.Value, names) is { } close ? $"; did you mean '{close}'?" : "";
        Bad(value, noun, context, $"expected {string.Join(", ", names[..^1])} or {names[^1]}{hint}");
        return null;
    }

    public Regex? Pattern(ConfigScalar value, string context)
    {
        try
        {
            // A match timeout keeps a pathological pattern from stalling call routing.
            return new Regex(value.Value, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException ex)
        {
            Bad(value, "regex", context, ex.Message);
            return null;
        }
    }

    public static bool IsE164(string text) => E164Pattern().IsMatch(text);

    public string? E164(ConfigScalar value, string context)
    {
        if (IsE164(value.Value))
        {
            return value.Value;
        }

        Bad(value, "E.164 number", context, "expected '+', a country code and the number, 3 to 15 digits in all, such as +14255550100");
        return null;
    }

    /// <summary>A DNS host name: letters, digits and '-' labels separated by dots, 253 characters at most.</summary>
    public static bool IsHostName(string text) => text.Length <= 253 && HostNamePattern().IsMatch(text);

    public string? HostName(ConfigScalar value, string noun, string context, bool requireDot)
    {
        var text = value.Value.TrimEnd('.');
        if (IsHostName(text) && (!requireDot || text.Contains('.', StringComparison.Ordinal)))
        {
            return text.ToLowerInvariant();
        }

        Bad(value, noun, context, requireDot
            ? "expected a fully qualified domain name such as sbc.example.net"
            : "expected a host name such as sip.example.net");
        return null;
    }

    public string? Id(ConfigScalar value, string noun, string context)
    {
        if (IdPattern().IsMatch(value.Value))
        {
            return value.Value;
        }

        Bad(value, noun, context, "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        return null;
    }

    private T? Fail<T>(ConfigScalar value, string noun, string context, string reason)
        where T : struct
    {
        Bad(value, noun, context, reason);
        return null;
    }

    private static string Format(TimeSpan span) =>
        span.TotalMilliseconds < 1000 ? $"{span.TotalMilliseconds:0}ms"
        : span.TotalSeconds < 60 ? $"{span.TotalSeconds:0}s"
        : span.TotalMinutes < 60 ? $"{span.TotalMinutes:0}m"
        : $"{span.TotalHours:0}h";

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")]
    private static partial Regex DottedQuad();

    [GeneratedRegex(@"^[\d.]+$")]
    private static partial Regex DigitsAndDots();

    [GeneratedRegex(@"^(?<part>\d+(ms|s|m|h))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^\+[1-9]\d{2,14}$")]
    private static partial Regex E164Pattern();

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();
}
