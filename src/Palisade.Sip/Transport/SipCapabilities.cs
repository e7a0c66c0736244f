namespace Palisade.Sip.Transport;

/// <summary>What Palisade advertises in Allow, Accept and Supported (RFC 3261 §20.5, §20.1, §20.37).</summary>
public static class SipCapabilities
{
    /// <summary>REFER is advertised because Teams transfers calls with it (Direct Routing SIP spec).</summary>
    public const string Allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, PRACK, UPDATE, REFER, NOTIFY";

    public const string Accept = "application/sdp";

    /// <summary>Option tags of extensions implemented: reliable provisionals (RFC 3262) and session timers (RFC 4028), per leg.</summary>
    public const string Supported = "100rel, timer";
}
