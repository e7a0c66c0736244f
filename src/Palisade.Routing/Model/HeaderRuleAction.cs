namespace Palisade.Routing.Model;

/// <summary>What a header rule does to a header of a request sent on (out) or received from (in) a trunk.</summary>
public enum HeaderRuleAction
{
    /// <summary>Add a header with the rule's value (another instance when one is present).</summary>
    Add,

    /// <summary>Remove the header (only instances whose value matches, when the rule has a match).</summary>
    Remove,

    /// <summary>Rewrite the value: the whole value, or <c>Regex.Replace</c> of the match with the rule's value.</summary>
    Replace,

    /// <summary>
    /// Let this header of the other leg through. The B2BUA drops headers it does not know (topology hiding), so a
    /// header a peer needs end to end (e.g. <c>X-MS-…</c>, <c>User-to-User</c>) must be named.
    /// </summary>
    Pass,
}
