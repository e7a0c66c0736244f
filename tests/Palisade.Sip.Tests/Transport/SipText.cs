using System.Text;

namespace Palisade.Sip.Tests.Transport;

/// <summary>SIP messages used by the transport tests, as wire bytes.</summary>
internal static class SipText
{
    public static string NewCallId() => Guid.NewGuid().ToString("N") + "@test";

    public static byte[] Options(string callId, string transport = "UDP", string maxForwards = "70") => Encoding.ASCII.GetBytes(
        "OPTIONS sip:sbc.lab.test SIP/2.0\r\n" +
        "Via: SIP/2.0/" + transport + " 127.0.0.1:5999;branch=z9hG4bK" + callId.GetHashCode(StringComparison.Ordinal).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + "\r\n" +
        "Max-Forwards: " + maxForwards + "\r\n" +
        "From: <sip:probe@lab.test>;tag=1928301774\r\n" +
        "To: <sip:sbc.lab.test>\r\n" +
        "Call-ID: " + callId + "\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n");

    /// <summary>A request with a body of <paramref name="bodyLength"/> bytes (or a header block only, when <paramref name="headersOnly"/>).</summary>
    public static byte[] Message(string callId, int bodyLength, string transport = "UDP", bool headersOnly = false, string extraHeaders = "")
    {
        string head =
            "MESSAGE sip:user@sbc.lab.test SIP/2.0\r\n" +
            "Via: SIP/2.0/" + transport + " 127.0.0.1:5999;branch=z9hG4bKmsg\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:probe@lab.test>;tag=77\r\n" +
            "To: <sip:user@sbc.lab.test>\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: 2 MESSAGE\r\n" +
            "Content-Type: text/plain\r\n" +
            extraHeaders +
            "Content-Length: " + bodyLength.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\r\n" +
            "\r\n";
        return headersOnly ? Encoding.ASCII.GetBytes(head) : Encoding.ASCII.GetBytes(head + new string('x', bodyLength));
    }

    public static byte[] Response(string callId) => Encoding.ASCII.GetBytes(
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKresp\r\n" +
        "From: <sip:probe@lab.test>;tag=1928301774\r\n" +
        "To: <sip:sbc.lab.test>;tag=abc\r\n" +
        "Call-ID: " + callId + "\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n");

    /// <summary>Finds a header's value in a text message (tests read replies as text).</summary>
    public static string? Header(string message, string name)
    {
        foreach (string line in message.Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
                return line.Substring(name.Length + 1).Trim();
        }
        return null;
    }

    public static string StatusLine(string message) => message.Substring(0, message.IndexOf("\r\n", StringComparison.Ordinal));
}
