using System.Collections.Immutable;
using Palisade.Routing.Model;

namespace Palisade.Routing.Engine;

/// <summary>
/// Where a call goes, or why it is refused; what <see cref="Router.Decide"/> returns. A call in progress keeps its
/// decision when the configuration changes.
/// </summary>
public sealed record RouteDecision
{
    /// <summary>
    /// True when the call is to be sent: to the first target that is not <see cref="RouteTarget.Skipped"/>, or, when
    /// every target is skipped, straight to <see cref="ForwardOnFailure"/>.
    /// </summary>
    public required bool Routed { get; init; }

    /// <summary>
    /// When not routed: 404 no route, the number is not in the inventory, or not a Direct Routing number (a
    /// permanent answer: retrying elsewhere will not help); 403 the tenant is disabled; 503 with
    /// <see cref="RetryAfterSeconds"/> when every target is down or full, or the tenant is at its call limit (a
    /// temporary answer: Teams and carriers try another SBC or route); 484 when the called number is empty. 484 is
    /// not used for short numbers: without a dial plan Palisade cannot tell an incomplete number from a short code,
    /// and Teams and carriers send complete numbers (no overlap dialling).
    /// </summary>
    public int RejectStatus { get; init; }

    /// <summary>A sentence for the Warning/Reason header and the CDR.</summary>
    public string? RejectReason { get; init; }

    public int? RetryAfterSeconds { get; init; }

    public TenantModel? Tenant { get; init; }

    /// <summary>Inventory entry of the called number (calls toward Teams) or of the calling number (calls from Teams).</summary>
    public NumberModel? Number { get; init; }

    /// <summary>The Teams user of <see cref="Number"/>, when it is a single number assigned to one.</summary>
    public string? User { get; init; }

    /// <summary>Calling number after the source trunk's <c>in</c> rules.</summary>
    public required string CallingE164 { get; init; }

    /// <summary>Called number after the source trunk's <c>in</c> rules.</summary>
    public required string CalledE164 { get; init; }

    public RouteModel? Route { get; init; }

    /// <summary>In the order to try them; skipped ones are included (marked) so explanations show them.</summary>
    public required ImmutableArray<RouteTarget> Targets { get; init; }

    /// <summary>The route's last resort after every target failed; <see cref="RouteTarget.Skipped"/> when its trunk is down or full.</summary>
    public RouteTarget? ForwardOnFailure { get; init; }

    /// <summary>
    /// What was decided and why, in order: the source, numbers after rules, the tenant, each route considered, each
    /// target, the expected cost, the outcome. For <c>palisade route explain</c>, the console's route tester and logs.
    /// </summary>
    public required ImmutableArray<string> Explanation { get; init; }
}
