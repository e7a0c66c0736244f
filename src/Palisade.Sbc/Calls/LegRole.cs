namespace Palisade.Sbc.Calls;

/// <summary>Which side of a call a leg faces. Palisade is the UAS of the caller leg and the UAC of the callee leg.</summary>
internal enum LegRole : byte
{
    Caller,
    Callee,
}
