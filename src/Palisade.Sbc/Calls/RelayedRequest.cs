using Palisade.Sip.Transaction;

namespace Palisade.Sbc.Calls;

/// <summary>A request received on one leg and re-issued on the other; its answer goes back to <see cref="Incoming"/>.</summary>
internal sealed class RelayedRequest(Call call, ServerTransaction incoming, CallLeg from, CallLeg to)
{
    public Call Call { get; } = call;

    public ServerTransaction Incoming { get; } = incoming;

    public CallLeg From { get; } = from;

    public CallLeg To { get; } = to;

    /// <summary>CSeq number of the request on <see cref="To"/> (an INVITE's 2xx is ACKed with it).</summary>
    public uint CSeq { get; init; }

    /// <summary>The offer relayed (INVITE/UPDATE with SDP): becomes the sender's last SDP once accepted.</summary>
    public Signalling.SdpFingerprint? OfferSdp { get; init; }
}
