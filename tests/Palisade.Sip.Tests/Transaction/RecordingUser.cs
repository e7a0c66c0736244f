using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Transaction;

/// <summary>A transaction user that records every callback; <see cref="OnRequestAction"/> lets a test answer at once.</summary>
internal sealed class RecordingUser : ITransactionUser
{
    public List<ServerTransaction> Requests { get; } = [];
    public List<SipInbound> Acks { get; } = [];
    public List<(ClientTransaction Transaction, SipMessage Response)> Responses { get; } = [];
    public List<SipInbound> Strays { get; } = [];
    public List<SipTransaction> Timeouts { get; } = [];
    public List<SipTransaction> TransportErrors { get; } = [];

    public Action<ServerTransaction>? OnRequestAction { get; set; }

    public void OnRequest(ServerTransaction transaction)
    {
        Requests.Add(transaction);
        OnRequestAction?.Invoke(transaction);
    }

    public void OnAck(SipInbound ack) => Acks.Add(ack);

    public void OnResponse(ClientTransaction transaction, SipMessage response) => Responses.Add((transaction, response));

    public void OnStrayResponse(SipInbound response) => Strays.Add(response);

    public void OnTimeout(SipTransaction transaction) => Timeouts.Add(transaction);

    public void OnTransportError(SipTransaction transaction) => TransportErrors.Add(transaction);
}
