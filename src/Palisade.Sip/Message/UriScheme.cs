namespace Palisade.Sip.Message;

public enum UriScheme : byte
{
    Sip,
    Sips,
    Tel,
    /// <summary>A well-formed absoluteURI of a scheme Palisade does not route on (RFC 3261 §8.2.2.1: 416).</summary>
    Other,
}
