using System.Text;
using Microsoft.Data.Sqlite;
using Palisade.Sbc.Cdr;

namespace Palisade.Store.Cdr;

/// <summary>
/// Reads call records from <c>palisade.db</c>. Thread-safe: each call takes its own read-only connection from the
/// pool (WAL: readers never block the writer, nor it them). Newest first throughout.
/// </summary>
public sealed class CdrQuery : IDisposable
{
    private const string Select = "SELECT ";
    private const string Newest = " ORDER BY setup_at DESC, record_id DESC LIMIT $limit";

    private readonly string _connectionString;

    private CdrQuery(string connectionString) => _connectionString = connectionString;

    /// <summary>Opens the database in <paramref name="dataDirectory"/>; it must exist (a <see cref="CdrWriter"/> creates it).</summary>
    public static CdrQuery Open(string dataDirectory, int busyTimeoutSeconds = 5)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        string path = CdrDatabase.PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No CDR database at {path} (it is created by the CDR writer when Palisade runs)", path);
        }

        SqliteSetup.EnsureInitialized();
        return new CdrQuery(CdrDatabase.ConnectionString(path, SqliteOpenMode.ReadOnly, busyTimeoutSeconds, pooling: true));
    }

    public long Count()
    {
        using SqliteConnection c = Connect();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM cdr";
        return (long)cmd.ExecuteScalar()!;
    }

    public CallRecord? Get(string recordId)
    {
        ArgumentNullException.ThrowIfNull(recordId);
        using SqliteConnection c = Connect();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = Select + CdrRow.Columns + " FROM cdr WHERE record_id = $id";
        cmd.Parameters.AddWithValue("$id", recordId);
        using SqliteDataReader r = cmd.ExecuteReader();
        return r.Read() ? CdrRow.Read(r) : null;
    }

    /// <summary>The <paramref name="limit"/> most recent records by set-up time.</summary>
    public IReadOnlyList<CallRecord> Recent(int limit) => Find(new CdrFilter(), limit);

    /// <summary>Records matching <paramref name="filter"/>, most recent first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<CallRecord> Find(CdrFilter filter, int limit)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        using SqliteConnection c = Connect();
        using SqliteCommand cmd = c.CreateCommand();

        // Only fixed fragments are joined (values are parameters), so that SQLite can use the (tenant_id, setup_at)
        // and (setup_at) indexes: "$x IS NULL OR col = $x" would defeat them.
        var sql = new StringBuilder(Select).Append(CdrRow.Columns).Append(" FROM cdr");
        string glue = " WHERE ";
        if (filter.TenantId is { } tenant)
        {
            sql.Append(glue).Append("tenant_id = $tenant");
            cmd.Parameters.AddWithValue("$tenant", tenant);
            glue = " AND ";
        }

        if (filter.From is { } from)
        {
            sql.Append(glue).Append("setup_at >= $from");
            cmd.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
            glue = " AND ";
        }

        if (filter.To is { } to)
        {
            sql.Append(glue).Append("setup_at < $to");
            cmd.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
            glue = " AND ";
        }

        if (filter.Kind is { } kind)
        {
            sql.Append(glue).Append("kind = $kind");
            cmd.Parameters.AddWithValue("$kind", kind == CallRecordKind.Call ? "call" : "attempt");
            glue = " AND ";
        }

        if (filter.CallId is { } callId)
        {
            sql.Append(glue).Append("call_id = $call");
            cmd.Parameters.AddWithValue("$call", callId);
        }

        cmd.CommandText = sql.Append(Newest).ToString();
        cmd.Parameters.AddWithValue("$limit", limit);
        var records = new List<CallRecord>();
        using SqliteDataReader r = cmd.ExecuteReader();
        while (r.Read())
        {
            records.Add(CdrRow.Read(r));
        }

        return records;
    }

    /// <summary>Closes the pooled connections so the database file is no longer held open.</summary>
    public void Dispose()
    {
        using var c = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(c);
    }

    private SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }
}
