using Palisade.Routing.Model;

namespace Palisade.Routing.Engine;

/// <summary>
/// One call to route, as received: numbers before the source trunk's rules. <paramref name="At"/> is when the call
/// arrived (time windows are evaluated against it, never against a clock). <paramref name="RequestUriHost"/> tells
/// Teams tenants apart (Teams sends to the tenant's SBC FQDN). <paramref name="RandomSeed"/> makes weighted
/// selection repeatable (tests, <c>palisade route explain --seed</c>). <paramref name="Explain"/> false leaves
/// <see cref="RouteDecision.Explanation"/> empty and saves its strings (a few per route considered) on the per-call
/// path; rejection and target reasons are always given.
/// </summary>
public readonly record struct RouteQuery(
    TrunkModel From,
    string Calling,
    string Called,
    DateTimeOffset At,
    string? RequestUriHost = null,
    string? CallingDisplayName = null,
    int? RandomSeed = null,
    bool Explain = true);
