namespace Palisade.Sip.Sdp;

/// <summary>a=&lt;name&gt; or a=&lt;name&gt;:&lt;value&gt; (RFC 8866 §5.13).</summary>
public sealed record SdpAttribute(string Name, string? Value)
{
    public static SdpAttribute Parse(string lineValue)
    {
        int colon = lineValue.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new SdpAttribute(lineValue, null) : new SdpAttribute(lineValue[..colon], lineValue[(colon + 1)..]);
    }

    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}
