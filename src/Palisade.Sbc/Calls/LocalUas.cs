using Microsoft.Extensions.Logging;
using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Sbc.Calls;

/// <summary>
/// The transaction user for requests the call engine hands on because they belong to no call: OPTIONS 200 (Allow,
/// Accept, Supported — what Teams' and carriers' health probes expect, inside a call or outside), CANCEL matched to
/// an INVITE of no call (200 + 487) or 481, requests of no dialog 481, known methods an SBC does not serve 405,
/// unknown methods 501 (RFC 3261 §8.2, §9.2, §11.2).
/// </summary>
public sealed class LocalUas(ILogger logger) : ITransactionUser
{
    private static readonly UasCheckOptions LocalChecks = new([], WillForward: false, CheckProxyRequire: false);

    public void OnRequest(ServerTransaction tx)
    {
        SipMessage m = tx.Request;
        if (m.Method == SipMethod.Cancel)
        {
            // §9.2: a CANCEL that matches an INVITE transaction is answered 200 (even when the INVITE already has its
            // final response); the INVITE, if still unanswered, gets 487. Both carry the same To tag. No match: 481.
            if (tx.CancelledInvite is { } invite)
            {
                string tag = ResponseTags.New();
                tx.Respond(200, null, tag);
                if (!invite.HasFinalResponse)
                    invite.Respond(487, null, tag);
            }
            else
            {
                tx.Respond(481, null, ResponseTags.New());
            }
            return;
        }

        int status = m.Method switch
        {
            SipMethod.Options => 200,
            SipMethod.Invite or SipMethod.Bye or SipMethod.Info or SipMethod.Prack or SipMethod.Update or SipMethod.Refer or SipMethod.Notify => 481,
            SipMethod.Extension => 501,
            _ => 405,
        };
        // §8.2.2: scheme, extension and body checks come before the method is served; everything here is answered
        // by Palisade itself, as a UAS.
        UasCheckResult check = status == 501 ? UasCheckResult.Pass : UasRequestChecks.Check(m, LocalChecks);
        if (!check.Passed)
            status = check.Status;

        using SipMessageWriter w = SipResponses.Start(m, status, null, ResponseTags.New());
        if (status is 200 or 405 or 501)
            w.Header(HeaderId.Allow, SipCapabilities.Allow);
        if (status == 200)
        {
            w.Header(HeaderId.Accept, SipCapabilities.Accept);
            w.Header(HeaderId.Supported, SipCapabilities.Supported);
        }
        if (check.ExtraHeader != HeaderId.Other && check.ExtraHeaderValue is not null)
            w.Header(check.ExtraHeader, check.ExtraHeaderValue);
        w.Finish();
        tx.SendResponse(w);
    }

    public void OnAck(SipInbound ack)
    {
        // An ACK for a 2xx of no call (late, after the call was forgotten): nothing to confirm.
    }

    public void OnResponse(ClientTransaction tx, SipMessage response)
    {
    }

    public void OnStrayResponse(SipInbound response)
    {
    }

    public void OnTimeout(SipTransaction tx) =>
        logger.LogDebug("{Method} transaction {CallId} timed out", tx.Method, tx.CallId);

    public void OnTransportError(SipTransaction tx) =>
        logger.LogDebug("{Method} transaction {CallId}: transport error", tx.Method, tx.CallId);
}
