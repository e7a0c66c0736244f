namespace Palisade.Routing.Model;

/// <summary>Last resort when every target failed: send the call to an external number through a trunk.</summary>
public sealed record ForwardOnFailureModel
{
    /// <summary>E.164.</summary>
    public required string Number { get; init; }

    public required TrunkModel Via { get; init; }

    /// <summary>Put in front of the caller's display name so the answering person sees it is a fail-over.</summary>
    public required string Label { get; init; }
}
