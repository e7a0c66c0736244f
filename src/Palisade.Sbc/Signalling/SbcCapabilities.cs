namespace Palisade.Sbc.Signalling;

/// <summary>What the call engine advertises on its legs.</summary>
internal static class SbcCapabilities
{
    /// <summary>REFER is listed because Teams transfers with it (handled by the Teams profile).</summary>
    public const string Allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, PRACK, UPDATE, REFER, NOTIFY";

    /// <summary>100rel (RFC 3262) and timer (RFC 4028) are implemented per leg.</summary>
    public const string Supported = "100rel, timer";
}
