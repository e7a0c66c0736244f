using Palisade.Routing.Engine;
using Palisade.Sbc.Calls;

namespace Palisade.Sbc.Cdr;

/// <summary>Builds the records of a call and of its attempts from the call's state.</summary>
internal static class CallRecords
{
    public static CallRecord ForCall(Call call, int status, string cause, string endedBy, DateTimeOffset end)
    {
        CallAttempt? last = call.Answered ?? (call.Attempts.Count > 0 ? call.Attempts[^1] : null);
        var record = new CallRecord
        {
            RecordId = call.Id,
            Kind = CallRecordKind.Call,
            CallId = call.Id,
            Node = call.Config.Node.Name,
            TenantId = call.Plan?.Tenant?.Id,
            InTrunk = call.Caller.Trunk.Id,
            OutTrunk = last?.Target.Trunk.Id,
            RouteId = call.Plan?.RouteId,
            CallingIn = call.CallingIn,
            CalledIn = call.CalledIn,
            CallingOut = last?.Target.CallingOut,
            CalledOut = last?.Target.CalledOut,
            Trail = call.Trail,
            SetupAt = call.SetupAt,
            RingAt = call.RingAt,
            AnswerAt = call.AnswerAt,
            EndAt = end,
            Status = status,
            Cause = cause,
            EndedBy = endedBy,
            InSipCallId = call.Caller.SipCallId,
            OutSipCallId = last?.Leg.SipCallId,
        };
        if (call.Answered is { } answered)
        {
            decimal? cost = Cost(answered, record.Duration, out string? currency);
            record = record with { Cost = cost, Currency = currency };
        }
        return record;
    }

    public static CallRecord ForAttempt(Call call, CallAttempt attempt, int status, string cause, string endedBy, DateTimeOffset end)
    {
        bool answered = call.Answered == attempt;
        var record = new CallRecord
        {
            RecordId = call.Id + "/" + attempt.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Kind = CallRecordKind.Attempt,
            CallId = call.Id,
            Attempt = attempt.Number,
            Node = call.Config.Node.Name,
            TenantId = call.Plan?.Tenant?.Id,
            InTrunk = call.Caller.Trunk.Id,
            OutTrunk = attempt.Target.Trunk.Id,
            RouteId = call.Plan?.RouteId,
            CallingIn = call.CallingIn,
            CalledIn = call.CalledIn,
            CallingOut = attempt.Target.CallingOut,
            CalledOut = attempt.Target.CalledOut,
            Trail = attempt.Target.IsForwardOnFailure ? "forward-on-failure" : null,
            SetupAt = attempt.StartedAt,
            RingAt = attempt.RingAt,
            AnswerAt = answered ? call.AnswerAt : null,
            EndAt = end,
            Status = answered ? 200 : status,
            Cause = cause,
            EndedBy = endedBy,
            InSipCallId = call.Caller.SipCallId,
            OutSipCallId = attempt.Leg.SipCallId,
        };
        if (answered)
        {
            decimal? cost = Cost(attempt, record.Duration, out string? currency);
            record = record with { Cost = cost, Currency = currency };
        }
        return record;
    }

    /// <summary>Cost from the answering trunk's rate deck (billing increments and connection fee as the deck says).</summary>
    private static decimal? Cost(CallAttempt attempt, TimeSpan duration, out string? currency) =>
        CallCost.Compute(attempt.Target.Trunk.Rates, attempt.Call.Plan!.CalledE164, duration, out currency);
}
