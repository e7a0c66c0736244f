using System.Collections.Concurrent;
using Palisade.Sip.Message;
using Palisade.Sip.Timers;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Transaction;

/// <summary>
/// The RFC 3261 §17 transaction layer between the transports and the B2BUA core. Received messages go through
/// <see cref="ProcessInbound"/>, which matches them to transactions (§17.1.3, §17.2.3, RFC 2543 fallback, §9.2 for
/// CANCEL), absorbs retransmissions, and hands the rest to the <see cref="ITransactionUser"/>. Requests the core
/// sends go through <see cref="CreateClientTransaction(SipMessage, SipDestination, object?)"/>.
/// </summary>
/// <remarks>
/// Transactions live in two concurrent dictionaries (client and server keys never mix: a request looping back to us
/// must not match our own client transaction). There is no global lock: look-ups are lock-free reads, each
/// transaction serialises its own state, and the timer wheel's lock is held only to link or unlink a node.
/// A terminated transaction removes itself at once, so the dictionaries hold only live transactions.
/// </remarks>
public sealed class TransactionLayer : IDisposable
{
    private readonly ConcurrentDictionary<TransactionKey, ClientTransaction> _clients = new();
    private readonly ConcurrentDictionary<TransactionKey, ServerTransaction> _servers = new();
    private int _count;

    public TransactionLayer(ISipSender sender, ITransactionUser user, TimerWheel wheel, TransactionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(wheel);
        Options = options ?? new TransactionOptions();
        Options.Validate();
        Sender = sender;
        User = user;
        Wheel = wheel;
        Metrics = new TransactionMetrics(() => Volatile.Read(ref _count));
    }

    public TransactionOptions Options { get; }

    /// <summary>Live transactions (client and server).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Retransmitted requests, responses and ACKs absorbed so far.</summary>
    public long AbsorbedRetransmissions => Metrics.Absorbed.Total;

    /// <summary>Retransmissions sent by Timers A, E and G so far.</summary>
    public long RetransmissionsSent => Metrics.Retransmitted.Total;

    public long Timeouts => Metrics.Timeouts.Total;

    public long TransportErrors => Metrics.TransportErrors.Total;

    /// <summary>Responses that matched no client transaction and were dropped.</summary>
    public long StrayResponsesDropped => Metrics.Strays.Total;

    /// <summary>Requests refused with a stateless 503 because <see cref="TransactionOptions.MaxServerTransactions"/> was reached.</summary>
    public long OverloadRefusals => Metrics.Overloads.Total;

    internal ISipSender Sender { get; }

    internal ITransactionUser User { get; }

    internal TimerWheel Wheel { get; }

    internal TransactionMetrics Metrics { get; }

    /// <summary>A new branch for a request Palisade originates (§8.1.1.7).</summary>
    public static string NewBranch() => BranchIds.New();

    /// <summary>
    /// Routes one received message. Call it on the call's shard so that a call's messages are processed in order.
    /// </summary>
    public TransactionDisposition ProcessInbound(SipInbound inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        SipMessage message = inbound.Message;
        if (message.TopVia is null)
            return TransactionDisposition.Dropped; // The parser refuses these; nothing can be matched or answered.
        if (!message.IsRequest)
            return ProcessResponse(inbound);
        if (message.Method == SipMethod.Ack)
            return ProcessAck(inbound);
        return ProcessRequest(inbound);
    }

    /// <summary>
    /// Starts a client transaction for a request whose top Via carries a branch from <see cref="NewBranch"/>: sends it
    /// to <paramref name="destination"/> and runs its timers. <paramref name="userState"/> is attached before anything
    /// is sent, so a callback can never see the transaction without it. A transport error on the first send is
    /// reported through <see cref="ITransactionUser.OnTransportError"/> before this returns. ACK is not a transaction
    /// (§17.1.1.3): send it with the <see cref="ISipSender"/> directly.
    /// </summary>
    public ClientTransaction CreateClientTransaction(SipMessage request, SipDestination destination, object? userState = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsRequest || request.Method == SipMethod.Ack)
            throw new ArgumentException("a client transaction needs a request other than ACK", nameof(request));
        if (request.TopVia is not { HasRfc3261Branch: true } via)
            throw new ArgumentException("the request's top Via needs an RFC 3261 branch (z9hG4bK…)", nameof(request));

        TransactionKey key = TransactionKey.ForClient(via.Branch!, request.Method, request.MethodText);
        ClientTransaction transaction = request.Method == SipMethod.Invite
            ? new ClientInviteTransaction(this, key, request, destination)
            : new ClientNonInviteTransaction(this, key, request, destination);
        transaction.UserState = userState;
        if (!_clients.TryAdd(key, transaction))
            throw new InvalidOperationException("a client transaction with this branch and method already exists");
        Interlocked.Increment(ref _count);
        transaction.Start();
        return transaction;
    }

    /// <summary>Parses <paramref name="request"/> (a complete message) and starts a client transaction for it.</summary>
    public ClientTransaction CreateClientTransaction(ReadOnlyMemory<byte> request, SipDestination destination, object? userState = null)
    {
        SipMessage message = SipParser.ParseFramed(request.Span, out SipParseError error)
            ?? throw new ArgumentException("the request does not parse: " + error.Detail, nameof(request));
        if (error.Outcome != ParseOutcome.Ok)
            throw new ArgumentException("the request is malformed: " + error.Detail, nameof(request));
        return CreateClientTransaction(message, destination, userState);
    }

    private TransactionDisposition ProcessRequest(SipInbound inbound)
    {
        SipMessage request = inbound.Message;
        TransactionKey key = TransactionKey.ForServer(request, request.Method, request.MethodText);
        if (_servers.TryGetValue(key, out ServerTransaction? existing))
            return Retransmission(existing, request);
        if (_servers.Count >= Options.MaxServerTransactions)
            return RefuseOverload(inbound);

        ServerTransaction transaction;
        if (request.Method == SipMethod.Invite)
        {
            var invite = new ServerInviteTransaction(this, key, inbound);
            if (!_servers.TryAdd(key, invite))
                return RetransmissionOfWinner(key, request);
            Interlocked.Increment(ref _count);
            invite.Start();
            transaction = invite;
        }
        else
        {
            var other = new ServerNonInviteTransaction(this, key, inbound);
            if (!_servers.TryAdd(key, other))
                return RetransmissionOfWinner(key, request);
            Interlocked.Increment(ref _count);
            other.Start();
            transaction = other;
            if (request.Method == SipMethod.Cancel)
                transaction.CancelledInvite = FindCancelledInvite(request);
        }
        User.OnRequest(transaction);
        return TransactionDisposition.NewRequest;
    }

    /// <summary>
    /// Over <see cref="TransactionOptions.MaxServerTransactions"/>: a stateless 503 with Retry-After (RFC 3261
    /// §21.5.4), sent once and never retransmitted, so a spoofed flood gets no amplification.
    /// </summary>
    private TransactionDisposition RefuseOverload(SipInbound inbound)
    {
        Metrics.Overloads.Add();
        using SipMessageWriter w = SipResponses.Start(inbound.Message, 503, null, ResponseTags.New());
        w.Header(HeaderId.RetryAfter, 5);
        w.Finish();
        _ = Sender.SendAsync(inbound.Source, w.ToArray());
        return TransactionDisposition.Dropped;
    }

    /// <summary>Another thread created the transaction between our look-up and insert: this copy is a retransmission.</summary>
    private TransactionDisposition RetransmissionOfWinner(TransactionKey key, SipMessage request)
        => _servers.TryGetValue(key, out ServerTransaction? winner) ? Retransmission(winner, request) : TransactionDisposition.Dropped;

    private static TransactionDisposition Retransmission(ServerTransaction transaction, SipMessage request)
    {
        // RFC 2543 matching also needs the To tag to be the original request's (§17.2.3).
        if (transaction.Key.IsLegacy && !string.Equals(request.ToTag, transaction.Request.ToTag, StringComparison.Ordinal))
            return TransactionDisposition.Dropped;
        return transaction.OnRetransmission();
    }

    /// <summary>
    /// §9.2: the INVITE a CANCEL cancels is the server transaction the CANCEL would match if its method were INVITE
    /// (same branch and sent-by; for RFC 2543, same Request-URI, tags, Call-ID, CSeq number and top Via).
    /// </summary>
    private ServerTransaction? FindCancelledInvite(SipMessage cancel)
    {
        TransactionKey key = TransactionKey.ForServer(cancel, SipMethod.Invite, "INVITE");
        if (!_servers.TryGetValue(key, out ServerTransaction? invite))
            return null;
        if (key.IsLegacy && !string.Equals(cancel.ToTag, invite.Request.ToTag, StringComparison.Ordinal))
            return null;
        return invite;
    }

    private TransactionDisposition ProcessAck(SipInbound inbound)
    {
        SipMessage ack = inbound.Message;
        // §17.2.3: an ACK matches the INVITE transaction whose non-2xx final it acknowledges (same branch); the ACK
        // for a 2xx has a new branch and matches nothing, so it goes to the core.
        TransactionKey key = TransactionKey.ForServer(ack, SipMethod.Invite, "INVITE");
        if (_servers.TryGetValue(key, out ServerTransaction? found) && found is ServerInviteTransaction invite
            && (!key.IsLegacy || string.Equals(ack.ToTag, invite.ResponseToTag, StringComparison.Ordinal)))
        {
            if (invite.OnAck() == TransactionDisposition.Absorbed)
                return TransactionDisposition.Absorbed;
        }
        User.OnAck(inbound);
        return TransactionDisposition.Ack;
    }

    private TransactionDisposition ProcessResponse(SipInbound inbound)
    {
        SipMessage response = inbound.Message;
        if (response.ViaCount != 1)
        {
            // §18.1.2: a response whose Via list is not exactly our own one value was not meant for this element.
            Metrics.Strays.Add();
            return TransactionDisposition.Dropped;
        }
        string? branch = response.TopVia!.Branch;
        if (branch is not null)
        {
            TransactionKey key = TransactionKey.ForClient(branch, response.CSeqMethod, response.CSeqMethodText);
            if (_clients.TryGetValue(key, out ClientTransaction? transaction))
                return transaction.OnResponse(response);
        }
        if (response.CSeqMethod == SipMethod.Invite && response.StatusCode is >= 200 and < 300)
        {
            // A 2xx after the transaction ended (or a forked one): the core must ACK it end-to-end (§13.2.2.4).
            User.OnStrayResponse(inbound);
            return TransactionDisposition.StrayResponse;
        }
        // §18.1.2: a response that matches no transaction is discarded.
        Metrics.Strays.Add();
        return TransactionDisposition.Dropped;
    }

    internal void Remove(SipTransaction transaction)
    {
        bool removed = transaction switch
        {
            ClientTransaction client => _clients.TryRemove(new KeyValuePair<TransactionKey, ClientTransaction>(client.Key, client)),
            ServerTransaction server => _servers.TryRemove(new KeyValuePair<TransactionKey, ServerTransaction>(server.Key, server)),
            _ => false,
        };
        if (removed)
            Interlocked.Decrement(ref _count);
    }

    public void Dispose() => Metrics.Dispose();
}
