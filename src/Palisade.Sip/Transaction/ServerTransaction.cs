using Palisade.Sip.Message;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Transaction;

/// <summary>
/// A server transaction (RFC 3261 §17.2): holds the received request, sends the TU's responses and re-sends the
/// last one when the request is retransmitted.
/// </summary>
public abstract class ServerTransaction : SipTransaction
{
    private protected ServerTransaction(TransactionLayer layer, TransactionKey key, SipInbound inbound, TransactionState initial)
        : base(layer, key, inbound.Message, inbound.Source, initial)
    {
        _inbound = inbound;
        Source = inbound.Source;
    }

    private SipInbound? _inbound;

    /// <summary>The request as received, with its source and listener (released with <see cref="SipTransaction.Request"/>).</summary>
    public SipInbound Inbound => _inbound ?? throw new InvalidOperationException("the request was released when the transaction completed");

    /// <summary>Where the request came from (for streams, the connection it arrived on).</summary>
    public SipDestination Source { get; }

    private protected override void ReleaseRequest()
    {
        base.ReleaseRequest();
        if (!HasRequest)
            _inbound = null;
    }

    /// <summary>
    /// Where responses go. The request's source by default: the same connection for streams (§18.2.2) and, for UDP,
    /// the source address and port as RFC 3581 would answer, which is what peers behind NAT need. The TU may change
    /// it before the first response.
    /// </summary>
    public SipDestination ResponseDestination
    {
        get => Peer;
        set => Peer = value;
    }

    /// <summary>For a CANCEL: the INVITE server transaction it cancels (§9.2), or null when there is none (answer 481).</summary>
    public ServerTransaction? CancelledInvite { get; internal set; }

    /// <summary>The status of the last response sent, or 0.</summary>
    public int LastStatus { get; private protected set; }

    /// <summary>True once a final response was sent.</summary>
    public bool HasFinalResponse => LastStatus >= 200;

    /// <summary>The To tag of the final response, kept for RFC 2543 ACK matching (§17.2.3).</summary>
    internal string? ResponseToTag { get; private protected set; }

    /// <summary>
    /// Sends a response built by the TU (status line, the request's Via/From/To/Call-ID/CSeq…). The transaction keeps
    /// <paramref name="response"/> for retransmissions: the caller must not reuse its buffer. False when the state
    /// allows no such response (a final response was already sent, or the transaction ended); transport failures
    /// are reported through <see cref="ITransactionUser.OnTransportError"/>.
    /// </summary>
    public bool SendResponse(ReadOnlyMemory<byte> response)
    {
        int status = ParseStatus(response.Span);
        if (status == 0)
            throw new ArgumentException("not a SIP/2.0 status line", nameof(response));
        return Send(response, status);
    }

    /// <summary>Sends the writer's message (copied; the caller still disposes the writer).</summary>
    public bool SendResponse(SipMessageWriter response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return SendResponse(response.ToArray());
    }

    /// <summary>
    /// Sends a minimal response (§8.2.6.2): status line, the request's Via, From, To (with <paramref name="toTag"/> when
    /// the request has none), Call-ID and CSeq. Enough for 100, 481, 487, a CANCEL's 200 or an error.
    /// </summary>
    public bool Respond(int status, string? reason = null, string? toTag = null)
    {
        if (!HasRequest)
            return false; // completed and released: the state allows no further response anyway
        using SipMessageWriter w = SipResponses.Start(Request, status, reason, toTag);
        w.Finish();
        return Send(w.ToArray(), status);
    }

    private protected abstract bool Send(ReadOnlyMemory<byte> response, int status);

    /// <summary>The request arrived again (§17.2.1, §17.2.2): re-send what the state asks for.</summary>
    internal abstract TransactionDisposition OnRetransmission();

    /// <summary>For RFC 2543 ACK matching, the To tag of a final response: parsed only for legacy transactions.</summary>
    private protected void RememberToTag(ReadOnlyMemory<byte> response)
    {
        if (!Key.IsLegacy)
            return;
        ResponseToTag = SipParser.ParseFramed(response.Span, out _)?.ToTag;
    }

    private static int ParseStatus(ReadOnlySpan<byte> response)
    {
        if (response.Length < 12 || !response.StartsWith("SIP/2.0 "u8))
            return 0;
        int status = 0;
        for (int i = 8; i < 11; i++)
        {
            int digit = response[i] - '0';
            if (digit is < 0 or > 9)
                return 0;
            status = (status * 10) + digit;
        }
        return status is >= 100 and <= 699 ? status : 0;
    }
}
