using System.Diagnostics.Metrics;

namespace Palisade.Sip.Transport;

/// <summary>Counters of the transport layer (System.Diagnostics.Metrics; exported by the server).</summary>
internal sealed class TransportMetrics : IDisposable
{
    public const string MeterName = "Palisade.Sip";

    private readonly Meter _meter = new(MeterName);

    public TransportMetrics()
    {
        Received = _meter.CreateCounter<long>("palisade.sip.messages.received", description: "SIP messages received, by transport");
        Sent = _meter.CreateCounter<long>("palisade.sip.messages.sent", description: "SIP messages sent, by transport");
        ParseErrors = _meter.CreateCounter<long>("palisade.sip.parse_errors", description: "Malformed messages, by transport and outcome");
        ConnectionsRefused = _meter.CreateCounter<long>("palisade.sip.connections.refused", description: "TCP/TLS connections refused by limits or failed handshakes");
        ConnectionsClosed = _meter.CreateCounter<long>("palisade.sip.connections.closed", description: "TCP/TLS connections closed, by reason");
    }

    public Counter<long> Received { get; }
    public Counter<long> Sent { get; }
    public Counter<long> ParseErrors { get; }
    public Counter<long> ConnectionsRefused { get; }
    public Counter<long> ConnectionsClosed { get; }

    public void Dispose() => _meter.Dispose();
}
