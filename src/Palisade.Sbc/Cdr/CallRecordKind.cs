namespace Palisade.Sbc.Cdr;

public enum CallRecordKind
{
    /// <summary>The whole call, from the first INVITE to the last BYE or the final failure.</summary>
    Call,

    /// <summary>One outbound leg tried by routing (failover produces several).</summary>
    Attempt,
}
