using System.Text.Json.Serialization;
using Palisade.Sbc.Cdr;

namespace Palisade.Store.Cdr;

/// <summary>
/// Source-generated JSON for spool lines (no reflection, trimming-safe). Derived <see cref="CallRecord.Duration"/> is
/// left out; nulls are omitted to keep lines short; nullable annotations are enforced so a line missing a required
/// value is refused rather than replayed as a half-empty record.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    IgnoreReadOnlyProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(CallRecord))]
internal sealed partial class CdrJsonContext : JsonSerializerContext;
