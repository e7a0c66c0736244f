namespace Palisade.Sbc.Calls;

/// <summary>User state of an OPTIONS probe's client transaction.</summary>
internal sealed record ProbeRequest(ProbeState State, long Sequence);
