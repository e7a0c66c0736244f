namespace Palisade.Routing.Model;

/// <summary>Privacy header (RFC 3323) handling on calls sent to a trunk.</summary>
public enum PrivacyMode
{
    /// <summary>Send the Privacy header received on the other leg.</summary>
    Pass,

    /// <summary>Drop it (the trunk is not trusted to honour it, or the identity is already anonymised).</summary>
    Strip,
}
