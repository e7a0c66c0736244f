namespace Palisade.Sbc.Cdr;

/// <summary>
/// One call detail record. A call produces one <see cref="CallRecordKind.Attempt"/> per outbound leg tried and one
/// <see cref="CallRecordKind.Call"/> summarising the whole call (DESIGN.md §3). Immutable: produced once, when the
/// attempt or call ends, and handed to an <see cref="ICallRecordSink"/>.
/// </summary>
public sealed record CallRecord
{
    /// <summary>Unique id of this record (attempts: call id + "/" + attempt number).</summary>
    public required string RecordId { get; init; }

    public required CallRecordKind Kind { get; init; }

    /// <summary>Palisade's own id of the call (not a SIP Call-ID of either leg); attempts share their call's.</summary>
    public required string CallId { get; init; }

    /// <summary>1-based attempt number within the call; 0 for the call record.</summary>
    public int Attempt { get; init; }

    /// <summary>Node name that carried the call.</summary>
    public required string Node { get; init; }

    public string? TenantId { get; init; }

    public string? InTrunk { get; init; }

    public string? OutTrunk { get; init; }

    public string? RouteId { get; init; }

    /// <summary>Numbers as received on the inbound leg, before any manipulation.</summary>
    public string? CallingIn { get; init; }

    public string? CalledIn { get; init; }

    /// <summary>Numbers as sent on the outbound leg, after routing and manipulation.</summary>
    public string? CallingOut { get; init; }

    public string? CalledOut { get; init; }

    /// <summary>Targets tried in order with their outcome, e.g. "carrier-a:503 carrier-b:200".</summary>
    public string? Trail { get; init; }

    public required DateTimeOffset SetupAt { get; init; }

    /// <summary>First 18x.</summary>
    public DateTimeOffset? RingAt { get; init; }

    public DateTimeOffset? AnswerAt { get; init; }

    public required DateTimeOffset EndAt { get; init; }

    /// <summary>Answered time (end − answer), zero when never answered.</summary>
    public TimeSpan Duration => AnswerAt is { } a && EndAt > a ? EndAt - a : TimeSpan.Zero;

    /// <summary>Final SIP status of the call or attempt (200 for an answered call).</summary>
    public required int Status { get; init; }

    /// <summary>Why it ended: normal, busy, no-answer, cancelled, rejected, failed, timeout, transport-error,
    /// no-ack, session-timer, max-duration, limit, no-route, forbidden.</summary>
    public required string Cause { get; init; }

    /// <summary>Who ended it: caller, callee or sbc.</summary>
    public required string EndedBy { get; init; }

    /// <summary>Cost from the outbound trunk's rate deck (per started minute); null when the trunk has no rate for the number.</summary>
    public decimal? Cost { get; init; }

    public string? Currency { get; init; }

    /// <summary>SIP Call-ID of the inbound leg (for tracing against the peer's logs; never sent to the other leg).</summary>
    public string? InSipCallId { get; init; }

    /// <summary>SIP Call-ID of the outbound leg.</summary>
    public string? OutSipCallId { get; init; }
}
