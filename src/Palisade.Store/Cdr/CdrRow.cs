using System.Globalization;
using Microsoft.Data.Sqlite;
using Palisade.Sbc.Cdr;

namespace Palisade.Store.Cdr;

/// <summary>
/// The mapping between <see cref="CallRecord"/> and a row of table <c>cdr</c> (schema in StoreSchema), shared by the
/// writer's prepared insert and by <see cref="CdrQuery"/> so the two cannot drift apart.
/// Times: unix milliseconds UTC (offsets are normalised, sub-millisecond ticks dropped). Cost: the decimal as invariant
/// text ("0.0125"), exact to the last digit and scale; sum it as decimal in C#, not with SQL SUM (which would use floats).
/// </summary>
internal static class CdrRow
{
    private static readonly string[] Names =
    [
        "record_id", "kind", "call_id", "attempt", "node", "tenant_id", "in_trunk", "out_trunk", "route_id",
        "calling_in", "called_in", "calling_out", "called_out", "trail", "setup_at", "ring_at", "answer_at", "end_at",
        "duration_ms", "status", "cause", "ended_by", "cost", "currency", "in_sip_call_id", "out_sip_call_id",
    ];

    private static readonly SqliteType[] Types =
    [
        SqliteType.Text, SqliteType.Text, SqliteType.Text, SqliteType.Integer, SqliteType.Text, SqliteType.Text,
        SqliteType.Text, SqliteType.Text, SqliteType.Text, SqliteType.Text, SqliteType.Text, SqliteType.Text,
        SqliteType.Text, SqliteType.Text, SqliteType.Integer, SqliteType.Integer, SqliteType.Integer,
        SqliteType.Integer, SqliteType.Integer, SqliteType.Integer, SqliteType.Text, SqliteType.Text, SqliteType.Text,
        SqliteType.Text, SqliteType.Text, SqliteType.Text,
    ];

    /// <summary>The column list in row order, for SELECT.</summary>
    public static readonly string Columns = string.Join(", ", Names);

    /// <summary>Built once: the writer binds new values into the same prepared statement for every record.
    /// OR IGNORE makes a replay of a record already committed (a crash between commit and spool truncation) a no-op.</summary>
    private static readonly string InsertSql =
        "INSERT OR IGNORE INTO cdr (" + Columns + ") VALUES (" + string.Join(", ", Names.Select(n => "$" + n)) + ")";

    public static SqliteCommand CreateInsert(SqliteConnection connection)
    {
        SqliteCommand cmd = connection.CreateCommand();
        cmd.CommandText = InsertSql;
        for (int i = 0; i < Names.Length; i++)
        {
            cmd.Parameters.Add("$" + Names[i], Types[i]);
        }

        cmd.Prepare();
        return cmd;
    }

    public static void Bind(SqliteParameterCollection p, CallRecord r)
    {
        p[0].Value = r.RecordId;
        p[1].Value = KindText(r.Kind);
        p[2].Value = r.CallId;
        p[3].Value = r.Attempt;
        p[4].Value = r.Node;
        p[5].Value = Text(r.TenantId);
        p[6].Value = Text(r.InTrunk);
        p[7].Value = Text(r.OutTrunk);
        p[8].Value = Text(r.RouteId);
        p[9].Value = Text(r.CallingIn);
        p[10].Value = Text(r.CalledIn);
        p[11].Value = Text(r.CallingOut);
        p[12].Value = Text(r.CalledOut);
        p[13].Value = Text(r.Trail);
        p[14].Value = r.SetupAt.ToUnixTimeMilliseconds();
        p[15].Value = Millis(r.RingAt);
        p[16].Value = Millis(r.AnswerAt);
        p[17].Value = r.EndAt.ToUnixTimeMilliseconds();
        p[18].Value = (long)r.Duration.TotalMilliseconds;
        p[19].Value = r.Status;
        p[20].Value = r.Cause;
        p[21].Value = r.EndedBy;
        p[22].Value = r.Cost is { } cost ? cost.ToString(CultureInfo.InvariantCulture) : DBNull.Value;
        p[23].Value = Text(r.Currency);
        p[24].Value = Text(r.InSipCallId);
        p[25].Value = Text(r.OutSipCallId);
    }

    /// <summary>Reads the row at the reader's position; its columns must be <see cref="Columns"/> in order.</summary>
    public static CallRecord Read(SqliteDataReader r) => new()
    {
        RecordId = r.GetString(0),
        Kind = ParseKind(r.GetString(1)),
        CallId = r.GetString(2),
        Attempt = r.GetInt32(3),
        Node = r.GetString(4),
        TenantId = NullableText(r, 5),
        InTrunk = NullableText(r, 6),
        OutTrunk = NullableText(r, 7),
        RouteId = NullableText(r, 8),
        CallingIn = NullableText(r, 9),
        CalledIn = NullableText(r, 10),
        CallingOut = NullableText(r, 11),
        CalledOut = NullableText(r, 12),
        Trail = NullableText(r, 13),
        SetupAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(14)),
        RingAt = NullableTime(r, 15),
        AnswerAt = NullableTime(r, 16),
        EndAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(17)),
        Status = r.GetInt32(19),
        Cause = r.GetString(20),
        EndedBy = r.GetString(21),
        Cost = r.IsDBNull(22) ? null : decimal.Parse(r.GetString(22), NumberStyles.Number, CultureInfo.InvariantCulture),
        Currency = NullableText(r, 23),
        InSipCallId = NullableText(r, 24),
        OutSipCallId = NullableText(r, 25),
    };

    /// <summary>
    /// The values the table requires. <c>required</c> members can still be set to null (<c>null!</c>), and a record the
    /// database refuses would block every batch it is part of, so such a record is refused at the door instead.
    /// </summary>
    public static bool IsValid(CallRecord r) =>
        r.RecordId is not null && r.CallId is not null && r.Node is not null && r.Cause is not null &&
        r.EndedBy is not null && r.Kind is CallRecordKind.Call or CallRecordKind.Attempt;

    private static string KindText(CallRecordKind kind) => kind switch
    {
        CallRecordKind.Call => "call",
        CallRecordKind.Attempt => "attempt",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown call record kind"),
    };

    private static CallRecordKind ParseKind(string text) => text switch
    {
        "call" => CallRecordKind.Call,
        "attempt" => CallRecordKind.Attempt,
        _ => throw new FormatException($"unknown call record kind '{text}' in table cdr"),
    };

    private static object Text(string? s) => s is null ? DBNull.Value : s;

    private static object Millis(DateTimeOffset? t) => t is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;

    private static string? NullableText(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? NullableTime(SqliteDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
}
