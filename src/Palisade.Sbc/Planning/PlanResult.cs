namespace Palisade.Sbc.Planning;

/// <summary>A plan, or the answer to give the caller instead (status, reason, Retry-After).</summary>
internal readonly record struct PlanResult(CallPlan? Plan, int Status, string? Reason, int? RetryAfterSeconds)
{
    public static PlanResult Reject(int status, string reason, int? retryAfter = null) => new(null, status, reason, retryAfter);
}
