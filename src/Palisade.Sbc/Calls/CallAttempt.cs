using Palisade.Sbc.Planning;
using Palisade.Sip.Timers;
using Palisade.Sip.Transaction;

namespace Palisade.Sbc.Calls;

/// <summary>One outbound INVITE of a call: a target trunk (one of its endpoints) and the callee leg it creates.</summary>
internal sealed class CallAttempt(Call call, int number, PlannedTarget target)
{
    public Call Call { get; } = call;

    /// <summary>1-based, in the order tried.</summary>
    public int Number { get; } = number;

    public PlannedTarget Target { get; } = target;

    public required CallLeg Leg { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? RingAt { get; set; }

    public ClientTransaction? Invite { get; set; }

    /// <summary>Any provisional arrived: a CANCEL may be sent (RFC 3261 §9.1), the setup timer stops.</summary>
    public bool Provisional { get; set; }

    /// <summary>Given up (timeout, cancel, another attempt won): late answers are ACKed and hung up, never relayed.</summary>
    public bool Abandoned { get; set; }

    /// <summary>The caller cancelled before any provisional: send the CANCEL when one arrives.</summary>
    public bool CancelWhenProvisional { get; set; }

    public int FinalStatus { get; set; }

    /// <summary>Holds a slot of the trunk's capacity until the attempt fails or the call ends.</summary>
    public bool HoldsTrunkSlot { get; set; }

    public TimerHandle SetupTimer { get; set; }

    public bool CancelSent { get; set; }

    /// <summary>Index in the trunk's endpoints of the endpoint this attempt went to (health is per endpoint).</summary>
    public int EndpointIndex { get; init; }

    /// <summary>The INVITE was retried with credentials after a 401/407 (once per attempt).</summary>
    public bool Authenticated { get; set; }

    /// <summary>Its CDR was written (failed attempts at once, the answered one when the call ends).</summary>
    public bool Recorded { get; set; }
}
