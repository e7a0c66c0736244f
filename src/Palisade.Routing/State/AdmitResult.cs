namespace Palisade.Routing.State;

/// <summary>Whether a tenant takes a new call; when refused, a sentence for the Warning header and CDR and a Retry-After.</summary>
public readonly record struct AdmitResult(bool Admitted, string? Reason, int RetryAfterSeconds)
{
    public static AdmitResult Ok => new(true, null, 0);

    public static AdmitResult Refused(string reason, int retryAfterSeconds) => new(false, reason, retryAfterSeconds);
}
