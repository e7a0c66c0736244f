using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Store.Cdr;
using Palisade.Store.Schema;
using Palisade.Store.Tests.Cdr;

namespace Palisade.Store.Tests.Schema;

public sealed class SchemaMigratorTests
{
    private static SqliteConnection Connect(string path)
    {
        var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        return c;
    }

    private static long Scalar(SqliteConnection c, string sql)
    {
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_new_database_gets_every_migration_once_in_wal_mode()
    {
        using var dir = new TempDirectory();
        await using (CdrWriter writer = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System))
        {
        }

        await using (CdrWriter writer = CdrWriter.Open(dir.Path, NullLogger.Instance, TimeProvider.System))
        {
        }

        using SqliteConnection c = Connect(Path.Combine(dir.Path, "palisade.db"));
        Assert.Equal(StoreSchema.Migrations[^1].Version, SchemaMigrator.CurrentVersion(c, null));
        Assert.Equal(StoreSchema.Migrations.Count, Scalar(c, "SELECT COUNT(*) FROM schema_version"));
        using (SqliteCommand mode = c.CreateCommand())
        {
            mode.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", mode.ExecuteScalar());
        }

        Assert.Equal(3, Scalar(c, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cdr' AND name LIKE 'cdr_%'"));
    }

    [Fact]
    public void Later_migrations_are_applied_in_order_to_an_older_database()
    {
        using var dir = new TempDirectory();
        using SqliteConnection c = Connect(Path.Combine(dir.Path, "x.db"));
        SchemaMigration[] v1 = [new(1, "t", "CREATE TABLE t (a INTEGER) STRICT")];
        Assert.Equal(1, SchemaMigrator.Apply(c, v1, TimeProvider.System));
        SchemaMigration[] v3 = [.. v1, new(2, "t.b", "ALTER TABLE t ADD COLUMN b TEXT"), new(3, "u", "CREATE TABLE u (a INTEGER)")];
        Assert.Equal(3, SchemaMigrator.Apply(c, v3, TimeProvider.System));
        Assert.Equal(3, SchemaMigrator.Apply(c, v3, TimeProvider.System));
        Assert.Equal(3, Scalar(c, "SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(0, Scalar(c, "SELECT COUNT(b) FROM t"));
    }

    [Fact]
    public void A_failing_migration_leaves_the_database_at_the_previous_version()
    {
        using var dir = new TempDirectory();
        using SqliteConnection c = Connect(Path.Combine(dir.Path, "x.db"));
        SchemaMigration[] bad = [new(1, "t", "CREATE TABLE t (a INTEGER)"), new(2, "broken", "CREATE TABLE u (a INTEGER); CREATE TABLE nonsense (")];
        Assert.Throws<SqliteException>(() => SchemaMigrator.Apply(c, bad, TimeProvider.System));
        Assert.Equal(1, SchemaMigrator.CurrentVersion(c, null));
        Assert.Equal(0, Scalar(c, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'u'"));
    }

    [Fact]
    public async Task A_database_from_a_newer_Palisade_is_refused_and_records_stay_in_the_spool()
    {
        using var dir = new TempDirectory();
        using (SqliteConnection c = Connect(Path.Combine(dir.Path, "palisade.db")))
        {
            SchemaMigrator.Apply(c, [new(999, "from the future", "CREATE TABLE future (a INTEGER)")], TimeProvider.System);
        }

        var log = new ListLogger();
        CdrWriter writer = CdrWriter.Open(dir.Path, log, TimeProvider.System, TestRecords.Fast with { StopTimeout = TimeSpan.Zero });
        writer.Write(TestRecords.Call(1));
        await writer.DisposeAsync();

        Assert.Contains(log.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message.Contains("newer than this Palisade knows", StringComparison.Ordinal) == true);
        Assert.Equal(1, TestRecords.SpoolLines(dir.Path));
    }
}
