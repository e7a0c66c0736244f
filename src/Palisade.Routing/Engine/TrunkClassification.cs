using Palisade.Routing.Model;

namespace Palisade.Routing.Engine;

/// <summary>The trunk a request came from, or null with the reason no trunk claims it.</summary>
public readonly record struct TrunkClassification(TrunkModel? Trunk, string Reason);
