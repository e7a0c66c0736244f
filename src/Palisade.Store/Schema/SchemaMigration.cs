namespace Palisade.Store.Schema;

/// <summary>One step of the store's schema: applied once, in version order, inside its own transaction.</summary>
/// <param name="Version">Strictly increasing, never reused: a database records the highest version applied.</param>
/// <param name="Description">What the step does, kept in <c>schema_version</c> for whoever opens the file by hand.</param>
/// <param name="Sql">The statements; plain DDL, no data-dependent logic.</param>
internal sealed record SchemaMigration(int Version, string Description, string Sql);
