namespace Palisade.Store.Schema;

/// <summary>
/// The schema of <c>palisade.db</c>, as the ordered list of migrations that build it. A later change appends a new
/// version here (never edits an applied one): databases written by an older Palisade are brought forward at open.
/// </summary>
internal static class StoreSchema
{
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, "cdr table",
            // STRICT keeps every value in the declared type: cost must stay TEXT (an exact decimal), which a plain
            // column with NUMERIC affinity would silently turn into a float.
            // Times are unix milliseconds (UTC): compact, ordered as integers, trivial to index and to convert in SQL
            // (datetime(setup_at / 1000, 'unixepoch')); sub-millisecond precision is not kept (SIP timing is coarser).
            """
            CREATE TABLE cdr (
                record_id       TEXT    NOT NULL PRIMARY KEY,
                kind            TEXT    NOT NULL,
                call_id         TEXT    NOT NULL,
                attempt         INTEGER NOT NULL,
                node            TEXT    NOT NULL,
                tenant_id       TEXT,
                in_trunk        TEXT,
                out_trunk       TEXT,
                route_id        TEXT,
                calling_in      TEXT,
                called_in       TEXT,
                calling_out     TEXT,
                called_out      TEXT,
                trail           TEXT,
                setup_at        INTEGER NOT NULL,
                ring_at         INTEGER,
                answer_at       INTEGER,
                end_at          INTEGER NOT NULL,
                duration_ms     INTEGER NOT NULL,
                status          INTEGER NOT NULL,
                cause           TEXT    NOT NULL,
                ended_by        TEXT    NOT NULL,
                cost            TEXT,
                currency        TEXT,
                in_sip_call_id  TEXT,
                out_sip_call_id TEXT
            ) STRICT;
            CREATE INDEX cdr_setup_at ON cdr (setup_at);
            CREATE INDEX cdr_tenant_setup_at ON cdr (tenant_id, setup_at);
            CREATE INDEX cdr_call_id ON cdr (call_id);
            """),
    ];
}
