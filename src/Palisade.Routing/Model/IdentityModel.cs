namespace Palisade.Routing.Model;

/// <summary>Caller identity headers sent to a trunk.</summary>
public sealed record IdentityModel
{
    public static IdentityModel Default { get; } = new();

    public PaiMode Pai { get; init; } = PaiMode.Pass;

    public PrivacyMode Privacy { get; init; } = PrivacyMode.Pass;
}
