using Palisade.Sbc.Cdr;

namespace Palisade.Store.Cdr;

/// <summary>A record on its way through the channel, with the spool segment holding its copy (null when the spool
/// could not take it) and its write sequence number (orders records for <see cref="CdrWriter.FlushAsync"/>).</summary>
internal readonly record struct CdrItem(CallRecord Record, CdrSpoolSegment? Segment, long Sequence);
