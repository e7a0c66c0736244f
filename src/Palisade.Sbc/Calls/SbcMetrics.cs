using System.Diagnostics.Metrics;

namespace Palisade.Sbc.Calls;

/// <summary>Counters of the call engine (System.Diagnostics.Metrics; exported by the management plane).</summary>
internal sealed class SbcMetrics : IDisposable
{
    private readonly Meter _meter = new("Palisade.Sbc");

    public SbcMetrics()
    {
        CallsStarted = _meter.CreateCounter<long>("palisade.calls.started");
        CallsEnded = _meter.CreateCounter<long>("palisade.calls.ended");
        UnknownSources = _meter.CreateCounter<long>("palisade.calls.unknown_source", description: "INVITEs refused with 403 because no trunk allows the source");
        Rejected = _meter.CreateCounter<long>("palisade.calls.rejected");
        TrunkUp = _meter.CreateCounter<long>("palisade.trunk.endpoint_up", description: "endpoints marked up by OPTIONS probes");
        TrunkDown = _meter.CreateCounter<long>("palisade.trunk.endpoint_down", description: "endpoints marked down by OPTIONS probes");
        Registered = _meter.CreateCounter<long>("palisade.trunk.registered", description: "registrations of Palisade with a trunk's registrar that succeeded after not being registered");
        RegisterFailures = _meter.CreateCounter<long>("palisade.trunk.register_failures");
    }

    public Counter<long> CallsStarted { get; }

    public Counter<long> CallsEnded { get; }

    public Counter<long> UnknownSources { get; }

    public Counter<long> Rejected { get; }

    public Counter<long> TrunkUp { get; }

    public Counter<long> TrunkDown { get; }

    public Counter<long> Registered { get; }

    public Counter<long> RegisterFailures { get; }


    public void Dispose() => _meter.Dispose();
}
