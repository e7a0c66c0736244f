using Microsoft.Data.Sqlite;
using Palisade.Store.Schema;

namespace Palisade.Store.Cdr;

/// <summary>
/// The writer's connection to <c>palisade.db</c> and its prepared insert. Used by the writer's loop only (a SQLite
/// connection is not thread-safe); on any failure the writer disposes it and opens a fresh one on retry.
/// </summary>
internal sealed class CdrDatabase : IDisposable
{
    public const string FileName = "palisade.db";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;

    private CdrDatabase(SqliteConnection connection)
    {
        _connection = connection;
        _insert = CdrRow.CreateInsert(connection);
    }

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    public static string ConnectionString(string path, SqliteOpenMode mode, int busyTimeoutSeconds, bool pooling) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = pooling,
            DefaultTimeout = busyTimeoutSeconds,
        }.ToString();

    public static CdrDatabase Open(string path, CdrWriterOptions options, TimeProvider time)
    {
        SqliteSetup.EnsureInitialized();
        // No pooling: after a failure the writer wants a really new connection, not a pooled one in an unknown state.
        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWriteCreate, options.BusyTimeoutSeconds, pooling: false));
        try
        {
            connection.Open();
            using (SqliteCommand pragma = connection.CreateCommand())
            {
                // WAL: readers (CdrQuery, the API) never block the writer. NORMAL commits survive a process kill;
                // FULL also survives power loss (see CdrWriterOptions.SyncToDisk).
                pragma.CommandText = options.SyncToDisk
                    ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                    : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
                pragma.ExecuteNonQuery();
            }

            SchemaMigrator.Apply(connection, StoreSchema.Migrations, time);
            return new CdrDatabase(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Inserts the records in one transaction.</summary>
    /// <returns>Rows actually inserted (records already present are ignored).</returns>
    public int Insert(ReadOnlySpan<CdrItem> items)
    {
        using SqliteTransaction tx = _connection.BeginTransaction();
        _insert.Transaction = tx;
        int inserted = 0;
        foreach (CdrItem item in items)
        {
            CdrRow.Bind(_insert.Parameters, item.Record);
            inserted += _insert.ExecuteNonQuery();
        }

        tx.Commit();
        return inserted;
    }

    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
    }
}
