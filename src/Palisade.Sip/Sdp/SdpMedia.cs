namespace Palisade.Sip.Sdp;

/// <summary>
/// One media description: m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; ... (RFC 8866 §5.14)
/// and the lines after it, with helpers for rtpmap, fmtp and crypto attributes.
/// </summary>
public sealed class SdpMedia : SdpSection
{
    public SdpMedia(string media, int port, string proto, IEnumerable<string> formats, int? portCount = null)
    {
        MediaType = media;
        Port = port;
        Proto = proto;
        Formats = [.. formats];
        PortCount = portCount;
    }

    /// <summary>"audio", "video", "application"…</summary>
    public string MediaType { get; set; }
    public int Port { get; set; }
    public int? PortCount { get; set; }
    /// <summary>"RTP/AVP", "RTP/SAVP", "UDP/TLS/RTP/SAVP"…</summary>
    public string Proto { get; set; }
    /// <summary>Payload types for RTP protocols, or other format tokens.</summary>
    public List<string> Formats { get; }

    private protected override string Order => "icbka";

    /// <summary>RFC 3264 §5.1: port 0 rejects or disables the stream.</summary>
    public bool IsRejected => Port == 0;

    public bool IsSecureRtp => Proto.EndsWith("SAVP", StringComparison.OrdinalIgnoreCase) || Proto.EndsWith("SAVPF", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<SdpRtpMap> RtpMaps
    {
        get
        {
            foreach (string value in GetAttributes("rtpmap"))
            {
                if (SdpRtpMap.TryParse(value) is { } map)
                    yield return map;
            }
        }
    }

    public SdpRtpMap? GetRtpMap(int payloadType)
    {
        foreach (SdpRtpMap map in RtpMaps)
        {
            if (map.PayloadType == payloadType)
                return map;
        }
        return null;
    }

    /// <summary>Replaces the rtpmap of the map's payload type, or adds it.</summary>
    public void SetRtpMap(SdpRtpMap map) => SetForFormat("rtpmap", SdpText.Number((ulong)map.PayloadType), map.ToString());

    public SdpFmtp? GetFmtp(string format)
    {
        foreach (string value in GetAttributes("fmtp"))
        {
            if (SdpFmtp.TryParse(value) is { } f && f.Format == format)
                return f;
        }
        return null;
    }

    public void SetFmtp(SdpFmtp fmtp) => SetForFormat("fmtp", fmtp.Format, fmtp.ToString());

    public IEnumerable<SdpCrypto> Cryptos
    {
        get
        {
            foreach (string value in GetAttributes("crypto"))
            {
                if (SdpCrypto.TryParse(value) is { } c)
                    yield return c;
            }
        }
    }

    /// <summary>Replaces every a=crypto line with <paramref name="cryptos"/> (an SDES answer carries exactly one, RFC 4568 §5.1.2).</summary>
    public void SetCryptos(IEnumerable<SdpCrypto> cryptos)
    {
        int at = Lines.FindIndex(l => l.Type == 'a' && IsAttribute(l.Value, "crypto", out _));
        RemoveAttributes("crypto");
        foreach (SdpCrypto c in cryptos)
        {
            var line = new SdpLine('a', "crypto:" + c);
            if (at >= 0) Lines.Insert(at++, line);
            else Insert(line);
        }
    }

    /// <summary>Drops a format from the m= line together with its rtpmap and fmtp attributes.</summary>
    public void RemoveFormat(string format)
    {
        Formats.Remove(format);
        Lines.RemoveAll(l => l.Type == 'a' && (IsFormatAttribute(l.Value, "rtpmap", format) || IsFormatAttribute(l.Value, "fmtp", format)));
    }

    /// <summary>The m= line's value.</summary>
    public string MediaLine => MediaType + " " + SdpText.Number((ulong)Port) + (PortCount is { } n ? "/" + SdpText.Number((ulong)n) : "") + " " + Proto
        + (Formats.Count > 0 ? " " + string.Join(' ', Formats) : "");

    private void SetForFormat(string attribute, string format, string value)
    {
        int i = Lines.FindIndex(l => l.Type == 'a' && IsFormatAttribute(l.Value, attribute, format));
        if (i >= 0) Lines[i].Value = attribute + ":" + value;
        else AddAttribute(attribute, value);
    }

    private static bool IsFormatAttribute(string lineValue, string attribute, string format)
        => IsAttribute(lineValue, attribute, out string? v) && v is not null && v.StartsWith(format, StringComparison.Ordinal)
            && (v.Length == format.Length || v[format.Length] == ' ');
}
