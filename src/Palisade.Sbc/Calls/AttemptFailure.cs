using Palisade.Sip.Message;

namespace Palisade.Sbc.Calls;

/// <summary>Why an attempt ended without an answer; <see cref="AllowsForward"/> is false after 486/603 or any non-failover final.</summary>
internal sealed record AttemptFailure(int Status, string? Reason, SipMessage? Response, bool AllowsForward);
