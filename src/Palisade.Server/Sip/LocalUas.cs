using Microsoft.Extensions.Logging;
using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Server.Sip;

/// <summary>
/// The transaction user for requests addressed to Palisade itself while no call engine is wired: OPTIONS 200 (Allow,
/// Accept, Supported — what Teams' and carriers' health probes expect), INVITE 480 until calls are carried, CANCEL
/// matched to its INVITE (200 + 487) or 481, in-dialog requests 481, known methods an SBC does not serve 405,
/// unknown methods 501 (RFC 3261 §8.2, §9.2, §11.2).
/// </summary>
internal sealed class LocalUas(string agentName, ILogger logger) : ITransactionUser
{
    private static readonly UasCheckOptions LocalChecks = new([], WillForward: false, CheckProxyRequire: false);
    private static readonly UasCheckOptions ForwardedChecks = new([], WillForward: true, CheckProxyRequire: true);

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
            SipMethod.Invite => 480,
            SipMethod.Bye or SipMethod.Info or SipMethod.Prack or SipMethod.Update or SipMethod.Refer or SipMethod.Notify => 481,
            SipMethod.Extension => 501,
            _ => 405,
        };
        string? warning = status == 480 ? "calls are not carried by this build yet" : null;

        // §8.2.2: scheme, extension and body checks come before the method is served. Only an INVITE would be
        // forwarded (Max-Forwards 0 → 483); everything else is answered here, as a UAS.
        UasCheckResult check = status == 501 ? UasCheckResult.Pass
            : UasRequestChecks.Check(m, m.Method == SipMethod.Invite ? ForwardedChecks : LocalChecks);
        if (!check.Passed)
        {
            status = check.Status;
            warning = null;
        }

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
        if (warning is not null)
            w.Warning(agentName, warning);
        w.Finish();
        tx.SendResponse(w);
    }

    public void OnAck(SipInbound ack)
    {
        // An ACK for a 2xx: Palisade sends no 2xx to INVITE yet, so there is nothing to confirm.
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
