namespace Palisade.Sbc.Calls;

/// <summary>A request Palisade originates on a leg (BYE, CANCEL, PRACK, a session refresh): nothing is relayed from its answer.</summary>
internal sealed class LocalRequest(CallLeg leg, LocalRequestKind kind, uint cseq)
{
    public CallLeg Leg { get; } = leg;

    public LocalRequestKind Kind { get; } = kind;

    public uint CSeq { get; } = cseq;
}
