namespace Palisade.Sip.Tests.Transport;

/// <summary>Bounds for every wait in the transport tests.</summary>
internal static class Wait
{
    /// <summary>Generous: the machine is shared and a TLS handshake can take a second under load. Only a hang waits this long.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// For the few conditions nothing can signal (the connection count drops after a socket closes on another
    /// thread): checks often, fails after <see cref="Timeout"/>.
    /// </summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("Timed out waiting until " + what);
            await Task.Delay(10);
        }
    }
}
