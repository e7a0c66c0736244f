namespace Palisade.Routing.Model;

/// <summary>RFC 4028 session timer offered to a trunk: a refresh every <see cref="Expires"/>, at least <see cref="MinSe"/>.</summary>
public sealed record SessionTimerModel
{
    public static SessionTimerModel Default { get; } = new() { Expires = TimeSpan.FromSeconds(1800), MinSe = TimeSpan.FromSeconds(90) };

    /// <summary>Session-Expires; at least <see cref="MinSe"/>.</summary>
    public required TimeSpan Expires { get; init; }

    /// <summary>Min-SE; at least 90 s (RFC 4028 §4).</summary>
    public required TimeSpan MinSe { get; init; }
}
