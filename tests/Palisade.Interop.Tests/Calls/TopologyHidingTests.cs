using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests.Calls;

/// <summary>
/// Topology hiding (DESIGN.md §2): a B2BUA re-originates each call, so nothing one side put in its messages — its
/// addresses, dialog identifiers, software, proprietary headers, route set — may appear in what the other side
/// receives. Each peer's every received message is captured by SIPp (<c>-trace_msg</c>) and searched.
/// </summary>
[Collection(CallLab.Collection)]
public sealed class TopologyHidingTests
{
    [Fact]
    public async Task Neither_side_sees_the_other_sides_addresses_identifiers_software_or_headers()
    {
        int callerPort = CallLab.FreePortOn(CallLab.CarrierAAddress), calleePort = CallLab.FreePortOn(CallLab.CarrierBAddress);
        await using CallLab lab = await CallLab.StartAsync(new LabConfig()
            .Carrier("carrier-a", CallLab.CarrierAAddress, callerPort)
            .Carrier("carrier-b", CallLab.CarrierBAddress, calleePort)
            .Route(@"{ id: a-to-b, from: [carrier-a], called: '^\+', to: [carrier-b] }"));
        // The callee hangs up, so each side sends requests (with its own branches) as well as responses.
        SippPeer callee = await lab.CalleeAsync("carrier-b", "uas-topology.xml", CallLab.CarrierBAddress, calleePort, ["-d", "500"]);

        SippPeer caller = await lab.CallAsync("carrier-a", "uac-topology.xml", CallLab.CarrierAAddress, callerPort, CallLab.Alice);

        lab.CheckSucceeded(caller, "the call with identifying headers completes (answered, then ended by the callee's BYE)");
        await lab.CheckFinishedAsync(callee, "the callee answers, hangs up, and its BYE gets 200");

        CheckHidden(lab, from: caller, to: callee, CallLab.CarrierAAddress.ToString(),
            ["rr-a-secret", "CarrierA-Switch", "ua-a-secret", "X-Carrier-A-Secret", "xa-secret-", "caller-user", "4242424201"]);
        CheckHidden(lab, from: callee, to: caller, CallLab.CarrierBAddress.ToString(),
            ["rr-b-secret", "CarrierB-Switch", "ua-b-secret", "X-Carrier-B-Secret", "xb-secret-", "callee-user", "4242424202"]);
    }

    /// <summary>
    /// Checks that nothing of <paramref name="from"/>'s leg appears in any message <paramref name="to"/> received: the
    /// peer's address, every Call-ID, tag and Via branch of that leg (the peer's own and those Palisade chose for that
    /// leg alone: each leg has fresh ones), and the <paramref name="markers"/> its scenario wrote (Record-Route,
    /// User-Agent/Server, X- header, SDP origin user and session id).
    /// </summary>
    private static void CheckHidden(CallLab lab, SippPeer from, SippPeer to, string address, string[] markers)
    {
        var secrets = new List<(string What, string Value)>();
        foreach (string m in markers)
            secrets.Add(("marker written by " + from.Name, m));
        foreach (TracedMessage m in from.Messages)
        {
            if (m.Header("Call-ID") is { } callId)
                secrets.Add(("Call-ID of " + from.Name + "'s leg", callId));
            if (m.Tag("From") is { } fromTag)
                secrets.Add(("From tag on " + from.Name + "'s leg", fromTag));
            if (m.Tag("To") is { } toTag)
                secrets.Add(("To tag on " + from.Name + "'s leg", toTag));
            foreach (string via in m.HeaderValues("Via"))
            {
                int at = via.IndexOf("branch=", StringComparison.OrdinalIgnoreCase);
                if (at >= 0)
                    secrets.Add(("Via branch on " + from.Name + "'s leg", via[(at + 7)..].Split(';', ',')[0].Trim()));
            }
        }

        // Guard against a vacuous pass: the peer really sent every marker, and its leg's identifiers were found.
        string sent = string.Concat(from.Sent.Select(m => m.Text));
        foreach (string m in markers)
            lab.Check(sent.Contains(m, StringComparison.Ordinal), $"{from.Name}'s scenario sent the marker \"{m}\"");
        foreach (string kind in (string[])["Call-ID", "From tag", "To tag", "Via branch"])
            lab.Check(secrets.Any(s => s.What.StartsWith(kind, StringComparison.Ordinal)), $"{from.Name}'s leg has a {kind} to look for");

        var leaks = new List<string>();
        foreach (TracedMessage m in to.Received)
        {
            foreach (string line in m.Text.Split('\n'))
            {
                // SDP connection and media lines still carry the other side's media address: media anchoring (the
                // relay that rewrites them) is not built yet. Every other line, the SDP origin included, must be clean.
                bool mediaLine = line.StartsWith("c=", StringComparison.Ordinal) || line.StartsWith("m=", StringComparison.Ordinal);
                if (!mediaLine && line.Contains(address, StringComparison.Ordinal))
                    leaks.Add($"{from.Name}'s address {address} in {to.Name}'s {m.Summary}: {line}");
                foreach ((string what, string value) in secrets.Distinct())
                {
                    if (value.Length > 0 && line.Contains(value, StringComparison.Ordinal))
                        leaks.Add($"{what} \"{value}\" in {to.Name}'s {m.Summary}: {line}");
                }
            }
        }
        lab.Check(to.Received.Count > 0, $"{to.Name} received messages to search");
        lab.Check(leaks.Count == 0, $"nothing of {from.Name}'s leg reaches {to.Name}; leaks:\n" + string.Join('\n', leaks.Distinct()));
    }
}
