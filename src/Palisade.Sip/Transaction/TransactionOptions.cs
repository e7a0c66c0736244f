namespace Palisade.Sip.Transaction;

/// <summary>RFC 3261 §17 timer values (Table 4). Defaults are the RFC's; change T1 only for networks known to be slower.</summary>
public sealed record TransactionOptions
{
    /// <summary>RTT estimate (§17.1.1.1).</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Maximum retransmission interval for non-INVITE requests and INVITE responses.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Maximum time a message stays in the network.</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timer D for unreliable transports: "at least 32 seconds" (§17.1.1.2).</summary>
    public TimeSpan TimerD { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>The server INVITE sends 100 Trying if the TU has not answered within this (§17.2.1: 200 ms).</summary>
    public TimeSpan TryingDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Leak guard for INVITE transactions left in Proceeding (ringing) that the TU never finishes; the RFC leaves this
    /// to the TU (Timer C, §16.6), so this is only a backstop: on expiry the TU gets a timeout and the transaction goes.
    /// </summary>
    public TimeSpan InviteProceedingLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Live server transactions beyond which a new request is refused statelessly with 503 + Retry-After instead of
    /// creating state: a flood of spoofed requests must not grow memory without bound, nor make Palisade retransmit
    /// answers (Timer G) at a victim. At ~1 KB per completed transaction the default is about 200 MB.
    /// </summary>
    public int MaxServerTransactions { get; init; } = 200_000;

    /// <summary>64*T1: Timers B, F, H, J, L, M.</summary>
    public TimeSpan TimeoutInterval => T1 * 64;

    /// <summary>Throws with a clear message when a value is unusable.</summary>
    public void Validate()
    {
        if (T1 <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(T1), T1, "T1 must be positive");
        if (T2 < T1)
            throw new ArgumentOutOfRangeException(nameof(T2), T2, "T2 must not be smaller than T1");
        if (T4 < TimeSpan.Zero || TimerD < TimeSpan.Zero || TryingDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(T4), "T4, Timer D and the 100 Trying delay must not be negative");
        if (MaxServerTransactions < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxServerTransactions), MaxServerTransactions, "at least one server transaction must be allowed");
        if (InviteProceedingLimit < TimeoutInterval)
            throw new ArgumentOutOfRangeException(nameof(InviteProceedingLimit), InviteProceedingLimit, "the INVITE guard must be at least 64*T1");
    }
}
