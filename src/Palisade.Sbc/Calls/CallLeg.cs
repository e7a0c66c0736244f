using Palisade.Routing.Model;
using Palisade.Sbc.Hosting;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Sbc.Calls;

/// <summary>
/// One SIP dialog of a call (RFC 3261 §12): its own Call-ID, tags, CSeq spaces, route set and remote target. Nothing
/// here is ever copied to the other leg — that is what topology hiding means for a B2BUA.
/// All fields are guarded by the owning <see cref="Call"/>'s lock.
/// </summary>
internal sealed class CallLeg(Call call, LegRole role, TrunkModel trunk, ListenerBinding listener)
{
    public Call Call { get; } = call;

    public LegRole Role { get; } = role;

    public TrunkModel Trunk { get; } = trunk;

    /// <summary>The socket this leg's messages leave from; its address is the one in our Via and Contact.</summary>
    public ListenerBinding Listener { get; } = listener;

    public required string SipCallId { get; init; }

    public required string LocalTag { get; init; }

    public string? RemoteTag { get; set; }

    /// <summary>Our party in this dialog as a header value without tag (From for the callee leg, To for the caller leg).</summary>
    public required string LocalParty { get; set; }

    /// <summary>The peer's party without tag (To for the callee leg, From for the caller leg).</summary>
    public required string RemoteParty { get; set; }

    /// <summary>The peer's Contact URI: the Request-URI of requests inside the dialog (§12.2.1.1).</summary>
    public string? RemoteTarget { get; set; }

    /// <summary>Route header values for requests inside the dialog, in order (§12.1.1, §12.1.2).</summary>
    public string[] RouteSet { get; set; } = [];

    /// <summary>Where requests inside the dialog are sent: the peer we exchanged the INVITE with (trunk signalling address).</summary>
    public required SipDestination Peer { get; set; }

    /// <summary>Sent-by of our Via on this leg (host[:port]).</summary>
    public required string ViaSentBy { get; init; }

    /// <summary>Our Contact header value on this leg.</summary>
    public required string Contact { get; init; }

    public uint LocalCSeq { get; set; }

    /// <summary>CSeq number of the INVITE that formed the dialog (1, or 2 after a digest retry): its 2xx is ACKed with it.</summary>
    public uint InviteCSeq { get; set; } = 1;

    public uint RemoteCSeq { get; set; }

    /// <summary>The last SDP received from the peer, as a fingerprint (to recognise a session refresh that changes nothing).</summary>
    public Signalling.SdpFingerprint? LastSdpReceived { get; set; }

    /// <summary>The last SDP sent to the peer (our answer to a refresh).</summary>
    public byte[]? LastSdpSent { get; set; }

    /// <summary>o= session id and version we present on this leg (RFC 3264 §5: version +1 per changed offer).</summary>
    public ulong SdpSessionId { get; init; }

    public ulong SdpVersion { get; set; }

    /// <summary>An INVITE or UPDATE we sent on this leg and whose final answer is due (glare detection, RFC 3261 §14.1).</summary>
    public ClientTransaction? PendingOffer { get; set; }

    /// <summary>An INVITE or UPDATE received on this leg and not answered yet.</summary>
    public ServerTransaction? PendingIncomingOffer { get; set; }

    /// <summary>Negotiated session interval (RFC 4028); zero = no session timer on this leg.</summary>
    public TimeSpan SessionExpires { get; set; }

    /// <summary>True when Palisade refreshes this leg's session; false when the peer must.</summary>
    public bool WeRefresh { get; set; }

    public Sip.Timers.TimerHandle SessionTimer { get; set; }

    /// <summary>Callee leg: the 2xx was ACKed; a retransmitted 2xx gets the ACK again, rebuilt from the dialog (§13.2.2.4)
    /// rather than kept for the whole call.</summary>
    public bool Acked { get; set; }

    /// <summary>The ACK carried our SDP answer (delayed offer): a re-sent ACK carries <see cref="LastSdpSent"/> again.</summary>
    public bool AckHasSdp { get; set; }

    /// <summary>Palisade is the peer's UAS of an INVITE with 100rel: reliable provisionals use RSeq (RFC 3262).</summary>
    public uint NextRSeq { get; set; } = 1;

    public bool Terminated { get; set; }

    /// <summary>The peer listed UPDATE in Allow: session refreshes use it (no SDP) rather than a re-INVITE (RFC 4028 §9).</summary>
    public bool PeerAllowsUpdate { get; set; }

    /// <summary>A 2xx to an INVITE received on this leg, retransmitted until the ACK (RFC 3261 §13.3.1.4).</summary>
    public byte[]? Pending2xx { get; set; }

    public ServerTransaction? Pending2xxTransaction { get; set; }

    public TimeSpan Retransmit2xxInterval { get; set; }

    public TimeSpan Waited2xx { get; set; }

    public Sip.Timers.TimerHandle Timer2xx { get; set; }

    /// <summary>A copy of this leg for another dialog of the same INVITE (a second forked 2xx), to ACK and hang up.</summary>
    public CallLeg ForkedDialog(string? remoteTag, string? remoteTarget, string[] routeSet) => new(Call, Role, Trunk, Listener)
    {
        SipCallId = SipCallId,
        LocalTag = LocalTag,
        RemoteTag = remoteTag,
        LocalParty = LocalParty,
        RemoteParty = RemoteParty,
        RemoteTarget = remoteTarget ?? RemoteTarget,
        RouteSet = routeSet,
        Peer = Peer,
        ViaSentBy = ViaSentBy,
        Contact = Contact,
        LocalCSeq = LocalCSeq,
    };
}
