namespace Palisade.Sip.Message;

/// <summary>
/// The verdict of <see cref="UasRequestChecks"/>: 0 when the request may proceed, otherwise the status to answer,
/// its reason phrase and at most one header the response must carry (Unsupported for 420, Accept for 415…).
/// </summary>
public readonly record struct UasCheckResult(int Status, string? Reason, HeaderId ExtraHeader, string? ExtraHeaderValue)
{
    public static UasCheckResult Pass => default;

    public bool Passed => Status == 0;

    internal static UasCheckResult Refuse(int status, HeaderId header = HeaderId.Other, string? value = null)
        => new(status, SipStatus.ReasonPhrase(status), header, value);
}
