using System.Globalization;
using System.Text;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests.Hostile;

/// <summary>
/// PROTOS c07-sip (../shared/testdata/protos-c07-sip): each case file is "&lt;len&gt; &lt;INVITE template&gt;" followed by
/// "&lt;len&gt; &lt;teardown template&gt;"; placeholders are substituted, Content-Length last (see the folder's README).
/// </summary>
internal static class ProtosCorpus
{
    public const int CaseCount = 4527;

    private static long s_sequence;

    /// <summary>One case ready to send: the INVITE and its teardown, with fresh branch and Call-ID.</summary>
    /// <param name="transport">Via transport token: the templates say UDP; a stream run says TCP like a real peer.</param>
    /// <param name="teardownMethod">
    /// ACK: the node answers every INVITE at once (403 from a source no trunk allows, 400 when malformed), and ACK is the teardown after a final
    /// response (README) — it also stops the node's 403 retransmissions (RFC 3261 Timer G) piling up during a run.
    /// </param>
    public static (byte[] Invite, byte[] Teardown) Load(int index, string transport = "UDP", string teardownMethod = "ACK")
    {
        byte[] raw = File.ReadAllBytes(RepoPaths.TestData("protos-c07-sip", "cases", index.ToString("D7", CultureInfo.InvariantCulture)));
        int offset = 0;
        string invite = NextTemplate(raw, ref offset);
        string teardown = NextTemplate(raw, ref offset);

        // Every send gets its own branch and Call-ID: a repeated branch is a retransmission to the node (RFC 3261
        // §17.2.3), which would re-send an old answer instead of handling the new case.
        long n = Interlocked.Increment(ref s_sequence);
        string unique = n.ToString("x6", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..10];
        (string Key, string Value)[] substitutions =
        [
            ("<To>", "bob@sbc.lab.example.net"), ("<From-Address>", "127.0.0.1"), ("<From-IP>", "127.0.0.1"),
            ("<From>", "alice@client.lab.example.net"), ("<Local-Port>", "5060"), ("<Branch-ID>", unique),
            ("<Call-ID>", "protos" + unique), ("<CSeq>", "1"), ("<Teardown-Method>", teardownMethod),
        ];
        return (Substitute(invite, substitutions, transport), Substitute(teardown, substitutions, transport));
    }

    private static string NextTemplate(byte[] raw, ref int offset)
    {
        int space = Array.IndexOf(raw, (byte)' ', offset);
        int length = int.Parse(raw.AsSpan(offset, space - offset), CultureInfo.InvariantCulture);
        // Latin-1 maps each byte to one char and back: the cases' binary junk reaches the wire unchanged.
        string template = Encoding.Latin1.GetString(raw, space + 1, length);
        offset = space + 1 + length;
        return template;
    }

    private static byte[] Substitute(string template, (string Key, string Value)[] substitutions, string transport)
    {
        var sb = new StringBuilder(template);
        foreach ((string key, string value) in substitutions)
            sb.Replace(key, value);
        if (transport != "UDP")
            sb.Replace("Via: SIP/2.0/UDP ", "Via: SIP/2.0/" + transport + " ");
        string text = sb.ToString();
        int headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        int bodyLength = headerEnd < 0 ? 0 : text.Length - (headerEnd + 4);
        text = text.Replace("<Content-Length>", bodyLength.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes(text);
    }
}
