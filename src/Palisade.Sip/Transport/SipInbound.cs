using Palisade.Sip.Message;

namespace Palisade.Sip.Transport;

/// <summary>A parsed message and where it came from (the local listener and the remote peer).</summary>
public sealed record SipInbound(SipMessage Message, SipDestination Source, string ListenerName);
