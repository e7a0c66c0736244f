using System.Globalization;
using System.Text;

namespace Palisade.Interop.Tests.Calls;

internal enum SipDirection
{
    Sent,
    Received,
}

/// <summary>One SIP message as a SIPp peer logged it with <c>-trace_msg</c> (what it sent or what it received).</summary>
internal sealed class TracedMessage
{
    private static readonly Dictionary<string, string> CompactForms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["v"] = "Via", ["f"] = "From", ["t"] = "To", ["i"] = "Call-ID", ["m"] = "Contact", ["l"] = "Content-Length",
        ["c"] = "Content-Type", ["k"] = "Supported", ["s"] = "Subject", ["e"] = "Content-Encoding", ["o"] = "Event",
    };

    private TracedMessage(SipDirection direction, string transport, string text)
    {
        Direction = direction;
        Transport = transport;
        Text = text;
        string[] lines = text.Split('\n');
        StartLine = lines[0];
        var headers = new List<KeyValuePair<string, string>>();
        int i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            string line = lines[i];
            if ((line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                // Folded continuation (RFC 3261 §7.3.1).
                KeyValuePair<string, string> last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line.Trim());
                continue;
            }
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                continue;
            string name = line[..colon].Trim();
            if (CompactForms.TryGetValue(name, out string? full))
                name = full;
            headers.Add(new(name, line[(colon + 1)..].Trim()));
        }
        Headers = headers;
        Body = i + 1 < lines.Length ? string.Join('\n', lines[(i + 1)..]).TrimEnd('\n') : "";
    }

    public SipDirection Direction { get; }

    /// <summary>UDP or TCP, as SIPp saw it (TLS legs reach SIPp as TCP through stunnel).</summary>
    public string Transport { get; }

    /// <summary>The whole message with LF line ends.</summary>
    public string Text { get; }

    public string StartLine { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public string Body { get; }

    public bool IsRequest => !StartLine.StartsWith("SIP/2.0 ", StringComparison.Ordinal);

    /// <summary>The request method, or null for a response.</summary>
    public string? Method => IsRequest ? StartLine.Split(' ')[0] : null;

    public string RequestUri => IsRequest ? StartLine.Split(' ')[1] : "";

    /// <summary>The status code of a response, 0 for a request.</summary>
    public int Status => IsRequest ? 0 : int.Parse(StartLine.AsSpan(8, 3), CultureInfo.InvariantCulture);

    /// <summary>The method named by CSeq (what a response answers).</summary>
    public string CSeqMethod => (Header("CSeq") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";

    public string? Header(string name)
    {
        foreach (KeyValuePair<string, string> h in Headers)
        {
            if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
                return h.Value;
        }
        return null;
    }

    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public bool Has(string name) => Header(name) is not null;

    /// <summary>The tag parameter of From or To (after the name-addr's closing bracket).</summary>
    public string? Tag(string header) => Param(Header(header), "tag");

    /// <summary>The branch of the topmost Via.</summary>
    public string? Branch => Param(HeaderValues("Via").FirstOrDefault()?.Split(',')[0], "branch");

    /// <summary>Body lines of the SDP, if any.</summary>
    public IEnumerable<string> SdpLines => Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'));

    /// <summary>The SDP origin line (o=) split in its six fields, or null.</summary>
    public string[]? Origin => SdpLines.FirstOrDefault(l => l.StartsWith("o=", StringComparison.Ordinal))?[2..].Split(' ');

    public string Summary => $"{(Direction == SipDirection.Sent ? "sent" : "received")} {StartLine}{(IsRequest ? "" : " (" + Header("CSeq") + ")")}";

    public override string ToString() => $"--- {Summary} [{Transport}]\n{Text}";

    private static string? Param(string? value, string name)
    {
        if (value is null)
            return null;
        int close = value.LastIndexOf('>');
        foreach (string p in value[(close + 1)..].Split(';').Skip(close < 0 ? 1 : 0))
        {
            int eq = p.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && string.Equals(p[..eq].Trim(), name, StringComparison.OrdinalIgnoreCase))
                return p[(eq + 1)..].Trim();
        }
        return null;
    }

    /// <summary>
    /// Reads a SIPp <c>-message_file</c>: entries start with a line of dashes and a timestamp, then
    /// "UDP message sent (N bytes):" or "TCP message received [N] bytes :", a blank line and the message.
    /// </summary>
    public static List<TracedMessage> ReadFile(string path)
    {
        var result = new List<TracedMessage>();
        if (!File.Exists(path))
            return result;
        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
            text = reader.ReadToEnd().Replace("\r", "", StringComparison.Ordinal);

        foreach (string entry in text.Split("\n-----------------------------------------------", StringSplitOptions.None))
        {
            string[] lines = entry.TrimStart('-').Split('\n');
            if (lines.Length < 3)
                continue;
            // lines[0]: " 2026-11-22 06:23:39.108586"; lines[1]: the kind; lines[2]: blank.
            string kind = lines[1];
            SipDirection direction;
            if (kind.Contains("message sent", StringComparison.Ordinal))
                direction = SipDirection.Sent;
            else if (kind.Contains("message received", StringComparison.Ordinal))
                direction = SipDirection.Received;
            else
                continue;
            string transport = kind.Split(' ')[0];
            int first = 2;
            while (first < lines.Length && lines[first].Length == 0)
                first++;
            if (first >= lines.Length)
                continue;
            string message = string.Join('\n', lines[first..]).TrimEnd('\n');
            if (message.Length > 0)
                result.Add(new TracedMessage(direction, transport, message + "\n"));
        }
        return result;
    }
}
