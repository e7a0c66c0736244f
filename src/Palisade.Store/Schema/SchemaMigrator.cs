using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Palisade.Store.Schema;

/// <summary>
/// Brings a database to the newest schema version this build knows, recording each applied step in
/// <c>schema_version</c>. Refuses a database written by a newer Palisade rather than guess at its layout.
/// </summary>
internal static class SchemaMigrator
{
    private const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT";

    /// <returns>The schema version of the database after the call.</returns>
    public static int Apply(SqliteConnection connection, IReadOnlyList<SchemaMigration> migrations, TimeProvider time)
    {
        Execute(connection, null, CreateVersionTable);
        int newest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        int current = CurrentVersion(connection, null);
        if (current > newest)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{connection.DataSource} has schema version {current}, newer than this Palisade knows ({newest}): run a newer Palisade or use another data directory"));
        }

        foreach (SchemaMigration m in migrations)
        {
            if (m.Version <= current)
            {
                continue;
            }

            // BeginTransaction is BEGIN IMMEDIATE: a second process migrating the same file waits here, then sees the
            // version already applied and skips it.
            using SqliteTransaction tx = connection.BeginTransaction();
            current = CurrentVersion(connection, tx);
            if (m.Version <= current)
            {
                continue;
            }

            Execute(connection, tx, m.Sql);
            using (SqliteCommand record = connection.CreateCommand())
            {
                record.Transaction = tx;
                record.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES ($v, $d, $t)";
                record.Parameters.AddWithValue("$v", m.Version);
                record.Parameters.AddWithValue("$d", m.Description);
                record.Parameters.AddWithValue("$t", time.GetUtcNow().ToUnixTimeMilliseconds());
                record.ExecuteNonQuery();
            }

            tx.Commit();
            current = m.Version;
        }

        return current;
    }

    public static int CurrentVersion(SqliteConnection connection, SqliteTransaction? tx)
    {
        using SqliteCommand cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using SqliteCommand cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
