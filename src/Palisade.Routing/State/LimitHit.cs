namespace Palisade.Routing.State;

/// <summary>Which limit refused a call.</summary>
internal enum LimitHit
{
    None,
    Calls,
    Rate,
}
