namespace Palisade.Sbc.Cdr;

/// <summary>
/// Where finished call records go. <see cref="Write"/> is called on the call's shard and must not block or touch a
/// database inline (DESIGN.md §2: a bounded channel, written in batches).
/// </summary>
public interface ICallRecordSink
{
    void Write(CallRecord record);
}
