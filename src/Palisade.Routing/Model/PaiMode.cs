namespace Palisade.Routing.Model;

/// <summary>P-Asserted-Identity (RFC 3325) handling on calls sent to a trunk.</summary>
public enum PaiMode
{
    /// <summary>Send the P-Asserted-Identity received on the other leg, if any.</summary>
    Pass,

    /// <summary>Assert the From identity (after number rules): for carriers that bill or screen on PAI.</summary>
    From,

    /// <summary>Send none.</summary>
    None,
}
