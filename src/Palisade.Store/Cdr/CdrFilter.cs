using Palisade.Sbc.Cdr;

namespace Palisade.Store.Cdr;

/// <summary>Which records <see cref="CdrQuery.Find"/> returns; a null member does not filter.</summary>
public sealed record CdrFilter
{
    public string? TenantId { get; init; }

    /// <summary>Set-up time at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Set-up time strictly before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    public CallRecordKind? Kind { get; init; }

    public string? CallId { get; init; }
}
