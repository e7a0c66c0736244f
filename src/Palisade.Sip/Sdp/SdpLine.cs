namespace Palisade.Sip.Sdp;

/// <summary>One <c>&lt;type&gt;=&lt;value&gt;</c> line of a session description (RFC 8866 §5), kept as written.</summary>
public sealed class SdpLine(char type, string value)
{
    public char Type { get; } = type;
    public string Value { get; set; } = value;

    public override string ToString() => Type + "=" + Value;
}
