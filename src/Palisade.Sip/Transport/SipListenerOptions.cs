using System.Net;

namespace Palisade.Sip.Transport;

/// <summary>One socket Palisade listens on (the config file's <c>listeners</c> entry).</summary>
public sealed record SipListenerOptions(string Name, SipTransportKind Transport, IPEndPoint EndPoint);
