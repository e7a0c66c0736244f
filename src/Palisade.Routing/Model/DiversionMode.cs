namespace Palisade.Routing.Model;

/// <summary>How a trunk wants redirection (call forwarding) history on calls sent to it; the B2BUA converts between the formats.</summary>
public enum DiversionMode
{
    /// <summary><c>Diversion</c> (RFC 5806), what most carriers expect.</summary>
    Diversion,

    /// <summary><c>History-Info</c> (RFC 7044), what Microsoft Teams sends and accepts.</summary>
    HistoryInfo,

    /// <summary>Neither header is sent.</summary>
    None,
}
