namespace Palisade.Sip.Timers;

/// <summary>
/// Receives a fired timer. Implemented by the objects that own timers (transactions, sessions) so that scheduling
/// needs neither a delegate nor a closure per timer: the <paramref name="tag"/> says which of the owner's timers fired.
/// </summary>
public interface ITimerTarget
{
    /// <summary>Runs on the wheel's tick thread without the wheel's lock held; it must not block.</summary>
    void OnTimer(int tag);
}
