using System.Buffers;
using System.Text.Json;
using Palisade.Sbc.Cdr;

namespace Palisade.Store.Cdr;

/// <summary>One spool line: a record as compact JSON followed by '\n' (JSON escapes control characters, so a record
/// never spans lines and a torn final line is recognisable by its missing newline).</summary>
internal static class CdrSpoolLine
{
    // Per thread: Write is called from many call shards at once; the buffer is reused so a record costs no allocation
    // beyond what the serializer itself needs. Used only between Serialize and the append on the same thread.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <returns>The line (with its newline) in a per-thread buffer, valid until this thread's next call.</returns>
    public static ReadOnlySpan<byte> Serialize(CallRecord record)
    {
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, record, CdrJsonContext.Default.CallRecord);
        buffer.GetSpan(1)[0] = (byte)'\n';
        buffer.Advance(1);
        return buffer.WrittenSpan;
    }

    /// <summary>Parses one line (without its newline); null when it is not a valid record.</summary>
    public static CallRecord? Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            CallRecord? record = JsonSerializer.Deserialize(line, CdrJsonContext.Default.CallRecord);
            return record is not null && CdrRow.IsValid(record) ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
