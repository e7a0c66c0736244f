namespace Palisade.Store.Cdr;

/// <summary>Selects the native SQLite shipped in SQLitePCLRaw.bundle_e_sqlite3 (no system libsqlite3 needed).</summary>
internal static class SqliteSetup
{
    private static readonly Lazy<bool> Done = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    public static void EnsureInitialized() => _ = Done.Value;
}
