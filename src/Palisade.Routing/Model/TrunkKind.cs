namespace Palisade.Routing.Model;

/// <summary>What sits at the other end of a trunk; decides the profile the B2BUA applies.</summary>
public enum TrunkKind
{
    /// <summary>Microsoft Teams Direct Routing SIP proxy (TLS only, SRTP only).</summary>
    Teams,

    /// <summary>Azure Communication Services Direct Routing (TLS only, SRTP only).</summary>
    Acs,

    /// <summary>A PSTN carrier's SIP trunk.</summary>
    Carrier,

    /// <summary>An on-premises PBX.</summary>
    Pbx,
}
