using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Server.Sip;

/// <summary>
/// Feeds every well-formed message from the transports into the transaction layer, on the receiving thread.
/// (Sharding by Call-ID arrives with the call engine, which is the first state that needs ordered handling.)
/// </summary>
internal sealed class TransactionInbound(TransactionLayer transactions) : ISipInboundHandler
{
    public void OnMessage(SipInbound inbound) => transactions.ProcessInbound(inbound);
}
