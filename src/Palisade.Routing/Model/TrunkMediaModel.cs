using System.Collections.Immutable;

namespace Palisade.Routing.Model;

/// <summary>Media policy of a trunk.</summary>
public sealed record TrunkMediaModel
{
    public required SrtpPolicy Srtp { get; init; }

    /// <summary>Allowed codecs in preference order (SDP encoding names); empty = whatever the peers agree.</summary>
    public required ImmutableArray<string> Codecs { get; init; }
}
