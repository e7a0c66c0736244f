using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests.Calls;

/// <summary>
/// Calls that do not simply connect: the caller cancels, the callee is busy, a target fails and the next one (or the
/// route's forward-on-failure) takes the call, a stranger is refused. Real SIPp peers on both legs through
/// <c>palisade run --config</c>; endpoints that must never be reached are silent sockets that record what arrives.
/// </summary>
[Collection(CallLab.Collection)]
public sealed class CallFailureTests
{
    [Fact]
    public async Task The_caller_cancels_while_the_callee_rings_gets_487_and_the_callee_gets_the_cancel()
    {
        int callerPort = CallLab.FreePortOn(CallLab.CarrierAAddress), calleePort = CallLab.FreePortOn(CallLab.CarrierBAddress);
        await using CallLab lab = await CallLab.StartAsync(new LabConfig()
            .Carrier("carrier-a", CallLab.CarrierAAddress, callerPort)
            .Carrier("carrier-b", CallLab.CarrierBAddress, calleePort)
            .Route(@"{ id: a-to-b, from: [carrier-a], called: '^\+', to: [carrier-b] }"));
        SippPeer callee = await lab.CalleeAsync("carrier-b", "uas-ring-cancel.xml", CallLab.CarrierBAddress, calleePort);

        SippPeer caller = await lab.CallAsync("carrier-a", "uac-cancel.xml", CallLab.CarrierAAddress, callerPort, CallLab.Alice);

        lab.CheckSucceeded(caller, "the caller hears 180, CANCELs, gets 200 for the CANCEL and 487 for the INVITE, and nothing after its ACK");
        await lab.CheckFinishedAsync(callee, "the callee receives the CANCEL, answers 200 + 487, and Palisade ACKs its 487");
        List<TracedMessage> cancels = callee.ReceivedRequests("CANCEL");
        TracedMessage? invite = callee.ReceivedRequests("INVITE").FirstOrDefault();
        lab.Check(cancels.Count > 0 && invite is not null && cancels.All(c => c.Branch == invite.Branch),
            "the callee's CANCEL has the branch of the INVITE it cancels (RFC 3261 §9.1)");
        // "Absorbed": the callee's 487 ends Palisade's client transaction on that leg; the caller had its 487 already,
        // so every final answer it received is that same 487 (a retransmission at most), never a second, different one.
        List<TracedMessage> finals = caller.ReceivedResponses("INVITE").Where(r => r.Status >= 200).ToList();
        lab.Check(finals.Count > 0 && finals.All(r => r.Status == 487) && finals.Select(r => r.Tag("To")).Distinct().Count() == 1,
            "the caller receives one final answer to its INVITE: 487 (the callee's own 487 is not relayed as another)");
    }

    [Fact]
    public async Task A_busy_callee_486_reaches_the_caller_and_no_other_target_is_tried()
    {
        int callerPort = CallLab.FreePortOn(CallLab.CarrierAAddress), calleePort = CallLab.FreePortOn(CallLab.CarrierBAddress), pbxPort = CallLab.FreePortOn(CallLab.PbxAddress);
        await using CallLab lab = await CallLab.StartAsync(new LabConfig()
            .Carrier("carrier-a", CallLab.CarrierAAddress, callerPort)
            .Carrier("carrier-b", CallLab.CarrierBAddress, calleePort)
            .Pbx("pbx", CallLab.PbxAddress, pbxPort)
            // A second target exists: busy is final (RFC 3261 §21.4.7), it must not be tried.
            .Route(@"{ id: a-to-b, from: [carrier-a], called: '^\+', to: [carrier-b, pbx] }"));
        UdpSink pbx = lab.Sink("pbx", CallLab.PbxAddress, pbxPort);
        SippPeer callee = await lab.CalleeAsync("carrier-b", "uas-busy.xml", CallLab.CarrierBAddress, calleePort);

        SippPeer caller = await lab.CallAsync("carrier-a", "uac-busy.xml", CallLab.CarrierAAddress, callerPort, CallLab.Alice);

        lab.CheckSucceeded(caller, "the caller's INVITE is answered 486 Busy Here");
        await lab.CheckFinishedAsync(callee, "carrier B answers 486 and receives Palisade's ACK");
        lab.CheckSilent(pbx, "nothing reaches the second target (pbx) after a 486: busy is not a failover condition");
    }

    [Fact]
    public async Task A_503_from_the_first_target_fails_over_to_the_next_and_never_reaches_the_caller()
    {
        int callerPort = CallLab.FreePortOn(CallLab.CarrierAAddress), calleePort = CallLab.FreePortOn(CallLab.CarrierBAddress), pbxPort = CallLab.FreePortOn(CallLab.PbxAddress);
        await using CallLab lab = await CallLab.StartAsync(new LabConfig()
            .Carrier("carrier-a", CallLab.CarrierAAddress, callerPort)
            .Carrier("carrier-b", CallLab.CarrierBAddress, calleePort)
            .Pbx("pbx", CallLab.PbxAddress, pbxPort)
            .Route(@"{ id: a-to-b, from: [carrier-a], called: '^\+', to: [carrier-b, pbx] }"));
        SippPeer failing = await lab.CalleeAsync("carrier-b", "uas-unavailable.xml", CallLab.CarrierBAddress, calleePort);
        SippPeer pbx = await lab.CalleeAsync("pbx", "uas-answer.xml", CallLab.PbxAddress, pbxPort);

        SippPeer caller = await lab.CallAsync("carrier-a", "uac-call.xml", CallLab.CarrierAAddress, callerPort, CallLab.Alice);

        await lab.CheckFinishedAsync(failing, "carrier B (first target) receives the INVITE, answers 503, and gets Palisade's ACK");
        lab.CheckSucceeded(caller, "the call is answered by the next target (pbx) and completes");
        await lab.CheckFinishedAsync(pbx, "the pbx (second target) receives the INVITE, answers, and gets ACK and BYE");
        lab.Check(caller.Received.All(m => m.Status != 503), "the 503 of carrier B never reaches the caller");
        string? firstCallId = failing.ReceivedRequests("INVITE").FirstOrDefault()?.Header("Call-ID");
        string? secondCallId = pbx.ReceivedRequests("INVITE").FirstOrDefault()?.Header("Call-ID");
        lab.Check(firstCallId is not null && secondCallId is not null && firstCallId != secondCallId, "each attempt is a new dialog with its own Call-ID");
    }

    [Fact]
    public async Task When_every_target_fails_the_call_goes_to_forward_on_failure_with_its_label_before_the_callers_name()
    {
        int callerPort = CallLab.FreePortOn(CallLab.CarrierAAddress);
        int firstPort = CallLab.FreePortOn(CallLab.CarrierBAddress), secondPort = CallLab.FreePortOn(CallLab.CarrierBAddress);
        int pbxPort = CallLab.FreePortOn(CallLab.PbxAddress);
        await using CallLab lab = await CallLab.StartAsync(new LabConfig()
            .Carrier("carrier-a", CallLab.CarrierAAddress, callerPort)
            // Carrier B's primary and backup endpoints both answer 503.
            .Carrier("carrier-b", CallLab.CarrierBAddress, [firstPort, secondPort])
            .Pbx("pbx", CallLab.PbxAddress, pbxPort)
            .Route(@"{ id: a-to-b, from: [carrier-a], called: '^\+', to: [carrier-b], forward-on-failure: { number: ""+14255550999"", via: pbx, label: ""Fail-over"" } }"));
        SippPeer primary = await lab.CalleeAsync("carrier-b-primary", "uas-unavailable.xml", CallLab.CarrierBAddress, firstPort);
        SippPeer backup = await lab.CalleeAsync("carrier-b-backup", "uas-unavailable.xml", CallLab.CarrierBAddress, secondPort);
        SippPeer forward = await lab.CalleeAsync("pbx", "uas-answer.xml", CallLab.PbxAddress, pbxPort);

        SippPeer caller = await lab.CallAsync("carrier-a", "uac-call.xml", CallLab.CarrierAAddress, callerPort, CallLab.Alice);

        await lab.CheckFinishedAsync(primary, "carrier B's primary endpoint is tried first and answers 503");
        await lab.CheckFinishedAsync(backup, "carrier B's backup endpoint is tried next and answers 503");
        lab.CheckSucceeded(caller, "the call is answered at the forward-on-failure number and completes");
        await lab.CheckFinishedAsync(forward, "the pbx receives the forwarded call, answers, gets ACK and BYE");
        lab.Check(caller.Received.All(m => m.Status != 503), "no 503 reaches the caller");
        TracedMessage? invite = forward.ReceivedRequests("INVITE").FirstOrDefault();
        lab.Check(invite is not null && invite.RequestUri.StartsWith("sip:+14255550999@", StringComparison.Ordinal),
            "the forwarded INVITE is for the forward-on-failure number +14255550999");
        string from = invite!.Header("From") ?? "";
        lab.Check(from.StartsWith($"\"Fail-over {CallLab.PstnName}\" <sip:{CallLab.PstnNumber}@", StringComparison.Ordinal),
            $"the forwarded call's From shows the label in front of the caller's name: \"Fail-over {CallLab.PstnName}\" <sip:{CallLab.PstnNumber}@…>; got: From: {from}");
    }

    [Fact]
    public async Task An_invite_from_an_address_no_trunk_allows_gets_403_and_reaches_nobody()
    {
        int strangerPort = CallLab.FreePortOn(CallLab.StrangerAddress), carrierAPort = CallLab.FreePortOn(CallLab.CarrierAAddress);
        int carrierBPort = CallLab.FreePortOn(CallLab.CarrierBAddress), pbxPort = CallLab.FreePortOn(CallLab.PbxAddress);
        await using CallLab lab = await CallLab.StartAsync(new LabConfig()
            .Carrier("carrier-a", CallLab.CarrierAAddress, carrierAPort)
            .Carrier("carrier-b", CallLab.CarrierBAddress, carrierBPort)
            .Pbx("pbx", CallLab.PbxAddress, pbxPort)
            .Route(@"{ id: a-to-b, from: [carrier-a], called: '^\+', to: [carrier-b] }")
            .Route(@"{ id: any-to-pbx, called: '^\+', to: [pbx] }"));
        UdpSink[] sinks =
        [
            lab.Sink("carrier-a", CallLab.CarrierAAddress, carrierAPort),
            lab.Sink("carrier-b", CallLab.CarrierBAddress, carrierBPort),
            lab.Sink("pbx", CallLab.PbxAddress, pbxPort),
        ];

        SippPeer stranger = await lab.CallAsync("stranger", "uac-forbidden.xml", CallLab.StrangerAddress, strangerPort, CallLab.Alice);

        lab.CheckSucceeded(stranger, "the INVITE from 127.0.0.9 is answered 403 Forbidden (and nothing else)");
        foreach (UdpSink sink in sinks)
            lab.CheckSilent(sink, $"nothing reaches {sink.Name}: an unknown source is refused before routing");
    }
}
