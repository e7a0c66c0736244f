using Microsoft.Extensions.Logging;
using Palisade.Sbc.Cdr;

namespace Palisade.Server.Hosting;

/// <summary>Writes call records to the log (used until the CDR store is wired).</summary>
internal sealed class LogCallRecordSink(ILogger logger) : ICallRecordSink
{
    public void Write(CallRecord record) =>
        logger.LogInformation("CDR {Kind} {Id} {Calling}->{Called} {Status} {Cause} by {Side} trail '{Trail}'",
            record.Kind, record.RecordId, record.CallingIn, record.CalledIn, record.Status, record.Cause, record.EndedBy, record.Trail);
}
