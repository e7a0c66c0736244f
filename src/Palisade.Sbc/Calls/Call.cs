using Palisade.Routing.Model;
using Palisade.Sbc.Planning;
using Palisade.Sip.Timers;
using Palisade.Sip.Transaction;

namespace Palisade.Sbc.Calls;

/// <summary>
/// A call through Palisade: the caller leg, the attempts towards callees, and what the CDR needs. Every field is
/// guarded by the call's own lock (<c>lock (call)</c>): messages of both legs and timers of one call are processed one
/// at a time, while different calls never contend.
/// </summary>
internal sealed class Call(CallEngine engine, string id, PalisadeConfigModel config) : ITimerTarget
{
    public CallEngine Engine { get; } = engine;

    /// <summary>Palisade's own id: the CDR key, never sent on either leg.</summary>
    public string Id { get; } = id;

    /// <summary>The snapshot the call was routed with: a reload does not change a call in progress.</summary>
    public PalisadeConfigModel Config { get; } = config;

    public CallPhase Phase { get; set; }

    public CallPlan? Plan { get; set; }

    public CallLeg Caller { get; set; } = null!;

    /// <summary>The caller's initial INVITE transaction.</summary>
    public ServerTransaction CallerInvite
    {
        get => _callerInvite ?? throw new InvalidOperationException("the caller's INVITE transaction was released when the call was confirmed");
        set => _callerInvite = value;
    }

    private ServerTransaction? _callerInvite;

    /// <summary>The call is confirmed (the caller ACKed the 2xx): nothing answers the INVITE any more, so a long call
    /// does not keep its transaction (DESIGN.md §7: memory per held call).</summary>
    public void ReleaseCallerInvite() => _callerInvite = null;

    public List<CallAttempt> Attempts { get; } = [];

    public CallAttempt? Current { get; set; }

    /// <summary>The attempt whose 2xx was relayed: its leg is the callee leg of the call.</summary>
    public CallAttempt? Answered { get; set; }

    public CallLeg? Callee => Answered?.Leg;

    /// <summary>The leg facing the other party: the callee leg for the caller, the caller leg for the callee (null before an answer).</summary>
    public CallLeg? Other(CallLeg leg) => leg.Role == LegRole.Caller ? Answered?.Leg ?? EarlyPeer : Caller;

    /// <summary>Before the answer: the current attempt's leg once it has an early dialog (UPDATE, INFO in early media).</summary>
    private CallLeg? EarlyPeer => Current is { Abandoned: false, Leg: { RemoteTarget: not null, RemoteTag: not null } leg } ? leg : null;

    /// <summary>The target being tried, and the index of its next endpoint to try.</summary>
    public PlannedTarget? CurrentTarget { get; set; }

    public int NextEndpoint { get; set; }

    /// <summary>Index in <see cref="CallPlan.Targets"/> of the next target to try.</summary>
    public int NextTarget { get; set; }

    public bool ForwardOnFailureTried { get; set; }

    /// <summary>3xx answers followed so far.</summary>
    public int Redirects { get; set; }

    public bool CallerCancelled { get; set; }

    /// <summary>The caller's INVITE had no SDP (delayed offer): the callee's 2xx offer goes to the caller and the answer comes in its ACK.</summary>
    public bool CallerOfferless { get; set; }

    public bool CallerSupports100rel { get; set; }

    public bool CallerRequires100rel { get; set; }

    public string CallingIn { get; set; } = "";

    public string CalledIn { get; set; } = "";

    public string? CallerDisplayName { get; set; }

    public bool TenantAdmitted { get; set; }

    /// <summary>Id of the trunk whose capacity slot the call holds (the current or answering target), or null.</summary>
    public string? HeldTrunk { get; set; }

    public DateTimeOffset SetupAt { get; set; }

    public DateTimeOffset? RingAt { get; set; }

    public DateTimeOffset? AnswerAt { get; set; }

    /// <summary>Targets tried with their outcome ("carrier-a:503 carrier-b:200"), for the CDR.</summary>
    public string Trail { get; private set; } = "";

    /// <summary>Adds one target's outcome to <see cref="Trail"/> (a few per call: plain concatenation keeps a held call small).</summary>
    public void Tried(string trunk, string outcome) => Trail = Trail.Length == 0 ? trunk + ":" + outcome : Trail + " " + trunk + ":" + outcome;

    /// <summary>A reliable provisional sent to the caller and not yet PRACKed.</summary>
    public byte[]? CallerReliable1xx { get; set; }

    public uint CallerReliableRSeq { get; set; }

    public TimeSpan Retransmit1xxInterval { get; set; }

    public TimeSpan Waited1xx { get; set; }

    public TimerHandle Timer1xx { get; set; }

    public TimerHandle MaxDurationTimer { get; set; }

    public bool Ended => Phase == CallPhase.Ended;

    void ITimerTarget.OnTimer(int tag) => Engine.OnCallTimer(this, (CallTimer)tag);
}
