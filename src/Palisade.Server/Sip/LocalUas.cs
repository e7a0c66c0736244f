using Palisade.Sip.Message;
using Palisade.Sip.Transport;

namespace Palisade.Server.Sip;

/// <summary>
/// Answers requests addressed to Palisade itself while no call engine is wired: OPTIONS 200 (Allow, Accept,
/// Supported — what Teams' health probe expects), INVITE 480 until calls are carried, in-dialog requests 481,
/// known methods an SBC does not serve 405, unknown methods 501 (RFC 3261 §8.2.1, §11.2).
/// </summary>
internal sealed class LocalUas(ISipSender sender, string agentName) : ISipInboundHandler
{
    private static readonly UasCheckOptions LocalChecks = new([], WillForward: false, CheckProxyRequire: false);
    private static readonly UasCheckOptions ForwardedChecks = new([], WillForward: true, CheckProxyRequire: true);

    public void OnMessage(SipInbound inbound)
    {
        SipMessage m = inbound.Message;
        if (!m.IsRequest || m.Method == SipMethod.Ack)
            return; // no client transactions yet; an ACK needs no answer (§17.2.1)

        int status;
        string? warning = null;
        switch (m.Method)
        {
            case SipMethod.Options:
                status = 200;
                break;
            case SipMethod.Invite:
                status = 480;
                warning = "calls are not carried by this build yet";
                break;
            case SipMethod.Cancel:
            case SipMethod.Bye:
            case SipMethod.Info:
            case SipMethod.Prack:
            case SipMethod.Update:
            case SipMethod.Refer:
            case SipMethod.Notify:
                status = 481;
                break;
            case SipMethod.Extension:
                status = 501;
                break;
            default:
                status = 405;
                break;
        }

        // RFC 3261 §8.2.2: scheme, extension and body checks come before the method is served. Only an INVITE
        // would be forwarded (Max-Forwards 0 → 483); everything else is answered here, as a UAS.
        UasCheckResult check = status == 501 ? UasCheckResult.Pass
            : UasRequestChecks.Check(m, m.Method == SipMethod.Invite ? ForwardedChecks : LocalChecks);
        if (!check.Passed)
            status = check.Status;

        using SipMessageWriter w = SipResponses.Start(m, status, null, ResponseTags.New());
        if (status is 200 or 405 or 501)
        {
            w.Header(HeaderId.Allow, SipCapabilities.Allow);
        }
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
        _ = sender.SendAsync(inbound.Source, w.ToArray());
    }
}
