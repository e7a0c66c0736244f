namespace Palisade.Sip.Transport;

/// <summary>
/// Sends serialised SIP messages. Implemented by the transport layer; used by transactions and the core.
/// </summary>
public interface ISipSender
{
    /// <summary>
    /// Sends one message. Datagrams go out at once; stream messages are queued on the connection to the destination
    /// (reused, or opened). False when the message could not be handed to the network: the caller treats it as a
    /// transport error (RFC 3261 §8.1.3.1, §17.1.4).
    /// </summary>
    ValueTask<bool> SendAsync(SipDestination destination, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);
}
