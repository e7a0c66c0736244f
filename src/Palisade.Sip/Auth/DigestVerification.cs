namespace Palisade.Sip.Auth;

/// <summary>
/// The result of <see cref="DigestServer.Verify"/>: the outcome, the username the credentials claimed (null when
/// there were none or they did not parse), and for anything but <see cref="DigestOutcome.Ok"/> a sentence for logs.
/// The reason is not for the wire: it says, e.g., whether a user exists.
/// </summary>
public readonly record struct DigestVerification(DigestOutcome Outcome, string? Username, string? Reason)
{
    public bool IsOk => Outcome == DigestOutcome.Ok;
}
