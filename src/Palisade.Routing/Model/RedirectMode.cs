namespace Palisade.Routing.Model;

/// <summary>What happens to a 3xx answer from a trunk.</summary>
public enum RedirectMode
{
    /// <summary>Palisade sends the call to the Contact of the 3xx itself (the caller never sees the redirect).</summary>
    Follow,

    /// <summary>The 3xx is passed back to the caller's leg (for peers that handle redirects themselves).</summary>
    Pass,
}
