namespace Palisade.Routing.Model;

/// <summary>Which number of a call a number rule rewrites.</summary>
public enum NumberField
{
    /// <summary>The called number (Request-URI and To user part).</summary>
    Called,

    /// <summary>The calling number (From / P-Asserted-Identity user part).</summary>
    Calling,

    /// <summary>Either; only valid on a rule, never as the field being rewritten.</summary>
    Both,
}
