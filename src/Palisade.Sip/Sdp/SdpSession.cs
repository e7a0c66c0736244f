using System.Text;

namespace Palisade.Sip.Sdp;

/// <summary>
/// A session description (RFC 8866, formerly RFC 4566): the session-level lines and the media descriptions. Parsing
/// keeps every line in order, so <see cref="ToString"/> gives back the input for well-formed SDP (the line ending of
/// the input, CRLF or bare LF, is kept too).
/// </summary>
public sealed class SdpSession : SdpSection
{
    public List<SdpMedia> Media { get; } = [];

    /// <summary>"\r\n" (RFC 8866 §5) unless the description was received with bare LF line ends.</summary>
    public string LineEnding { get; set; } = "\r\n";

    private protected override string Order => "vosiuepcbtrzka";

    public int Version => Get('v') is { } v && SdpText.TryInt(v.Value, out int n) ? n : 0;

    public SdpOrigin? Origin
    {
        get => Get('o') is { } line ? SdpOrigin.TryParse(line.Value) : null;
        set => Set('o', value?.ToString());
    }

    public string SessionName
    {
        get => Get('s')?.Value ?? "";
        set => Set('s', value);
    }

    public IEnumerable<SdpTiming> Timings
    {
        get
        {
            foreach (SdpLine line in Lines)
            {
                if (line.Type == 't' && SdpTiming.TryParse(line.Value) is { } t)
                    yield return t;
            }
        }
    }

    /// <summary>The connection that applies to <paramref name="media"/>: its own c= or the session's (§5.7).</summary>
    public SdpConnection? GetConnection(SdpMedia media) => media.Connection ?? Connection;

    /// <summary>The direction that applies to <paramref name="media"/>: its own, the session's, or sendrecv (RFC 3264 §5.1).</summary>
    public SdpDirection GetDirection(SdpMedia media) => media.Direction ?? Direction ?? SdpDirection.SendRecv;

    public static SdpSession Parse(ReadOnlySpan<byte> sdp)
        => TryParse(sdp, out SdpSession? session, out SdpError error) ? session! : throw new FormatException(error.ToString());

    /// <summary>Parses and validates the structure (v, o, s, c, b, t, m lines and the type=value shape of all lines).</summary>
    public static bool TryParse(ReadOnlySpan<byte> sdp, out SdpSession? session, out SdpError error)
        => SdpParser.TryParse(Encoding.UTF8.GetString(sdp), out session, out error);

    public static bool TryParse(string sdp, out SdpSession? session, out SdpError error) => SdpParser.TryParse(sdp, out session, out error);

    public override string ToString()
    {
        var sb = new StringBuilder(256);
        foreach (SdpLine line in Lines)
            sb.Append(line.Type).Append('=').Append(line.Value).Append(LineEnding);
        foreach (SdpMedia m in Media)
        {
            sb.Append("m=").Append(m.MediaLine).Append(LineEnding);
            foreach (SdpLine line in m.Lines)
                sb.Append(line.Type).Append('=').Append(line.Value).Append(LineEnding);
        }
        return sb.ToString();
    }

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(ToString());
}
