namespace Palisade.Sip.Sdp;

/// <summary>
/// Reads a session description line by line (RFC 8866 §5). Strict on what Palisade rewrites or routes media on
/// (v, o, c, b, t, m); attribute values stay opaque until a helper reads them. Liberal where peers commonly differ
/// from the RFC: bare LF line ends, an empty s=, a missing t=, and trailing empty lines.
/// </summary>
internal static class SdpParser
{
    /// <summary>A hostile-input bound; real descriptions have a few dozen lines.</summary>
    public const int MaxLines = 1024;

    public static bool TryParse(string text, out SdpSession? session, out SdpError error)
    {
        session = null;
        var result = new SdpSession();
        int firstLf = text.IndexOf('\n', StringComparison.Ordinal);
        if (firstLf > 0 && text[firstLf - 1] != '\r')
            result.LineEnding = "\n";

        SdpMedia? media = null;
        int lineNumber = 0, position = 0;
        bool sawEmpty = false;
        while (position < text.Length)
        {
            int lf = text.IndexOf('\n', position);
            int end = lf < 0 ? text.Length : lf;
            string line = text[position..(end > position && text[end - 1] == '\r' ? end - 1 : end)];
            position = lf < 0 ? text.Length : lf + 1;
            lineNumber++;

            if (line.Length == 0)
            {
                sawEmpty = true;
                continue;
            }
            if (sawEmpty)
                return Fail(out error, lineNumber - 1, "empty line inside the session description");
            if (lineNumber > MaxLines)
                return Fail(out error, lineNumber, "more than " + MaxLines + " lines");
            if (line.Length < 2 || line[1] != '=' || line[0] is < 'a' or > 'z')
                return Fail(out error, lineNumber, "expected '<type>=<value>' with a lower-case letter type, found \"" + Excerpt(line) + "\"");

            char type = line[0];
            string value = line[2..];
            if (lineNumber == 1 && (type != 'v' || value != "0"))
                return Fail(out error, 1, "a session description starts with v=0");

            string? problem = Validate(type, value);
            if (problem is not null)
                return Fail(out error, lineNumber, problem);

            switch (type)
            {
                case 'v' when lineNumber != 1:
                    return Fail(out error, lineNumber, "v= appears more than once");
                case 'm':
                    media = ParseMedia(value);
                    if (media is null)
                        return Fail(out error, lineNumber, "m= is not '<media> <port>[/<count>] <proto> <fmt> ...'");
                    result.Media.Add(media);
                    break;
                case 'o' or 's' or 't' or 'r' or 'z' or 'u' or 'e' or 'p' or 'v' when media is not null:
                    return Fail(out error, lineNumber, type + "= belongs to the session part, before the first m= line");
                default:
                    (media?.Lines ?? result.Lines).Add(new SdpLine(type, value));
                    break;
            }
        }

        if (lineNumber == 0)
            return Fail(out error, 0, "the session description is empty");
        // One pass over the session-level lines: o= and s= are required once, c= at most once (RFC 8866 §5).
        int origins = 0, names = 0, connections = 0;
        foreach (SdpLine line in result.Lines)
        {
            if (line.Type == 'o') origins++;
            else if (line.Type == 's') names++;
            else if (line.Type == 'c') connections++;
        }
        if (origins == 0)
            return Fail(out error, 0, "no o= (origin) line");
        if (names == 0)
            return Fail(out error, 0, "no s= (session name) line");
        if (origins > 1 || names > 1 || connections > 1)
            return Fail(out error, 0, (origins > 1 ? 'o' : names > 1 ? 's' : 'c') + "= appears more than once at session level");
        error = default;
        session = result;
        return true;
    }

    private static string? Validate(char type, string value) => type switch
    {
        'o' => SdpOrigin.TryParse(value) is null ? "o= is not '<username> <sess-id> <sess-version> <nettype> <addrtype> <address>'" : null,
        'c' => SdpConnection.TryParse(value) is null ? "c= is not '<nettype> <addrtype> <address>'" : null,
        'b' => SdpBandwidth.TryParse(value) is null ? "b= is not '<bwtype>:<bandwidth>'" : null,
        't' => SdpTiming.TryParse(value) is null ? "t= is not '<start-time> <stop-time>'" : null,
        'a' => value.Length == 0 || value[0] == ':' ? "a= has no attribute name" : null,
        _ => null,
    };

    private static SdpMedia? ParseMedia(string value)
    {
        string[] f = value.Split(' ');
        if (f.Length < 3 || Array.Exists(f, s => s.Length == 0))
            return null;
        string port = f[1];
        int? count = null;
        int slash = port.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!SdpText.TryInt(port[(slash + 1)..], out int n))
                return null;
            count = n;
            port = port[..slash];
        }
        if (!SdpText.TryInt(port, out int p) || p > 65535)
            return null;
        // RFC 8866 §5.14 requires at least one format; a few peers send none on a rejected stream, so allow that.
        return new SdpMedia(f[0], p, f[2], f[3..], count);
    }

    private static string Excerpt(string line) => line.Length <= 40 ? line : line[..40] + "…";

    private static bool Fail(out SdpError error, int line, string message)
    {
        error = new SdpError(line, message);
        return false;
    }
}
