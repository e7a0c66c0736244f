using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests.Calls;

/// <summary>
/// A call between two carriers over UDP through <c>palisade run --config</c>, with real SIPp peers on both legs:
/// carrier A (127.0.0.2) calls a number routed to carrier B (127.0.0.4), which rings and answers; either side hangs up.
/// </summary>
[Collection(CallLab.Collection)]
public sealed class BasicCallTests
{
    private const string AToB = @"{ id: a-to-b, from: [carrier-a], called: '^\+', to: [carrier-b] }";

    private static LabConfig Config(int callerPort, int calleePort) => new LabConfig()
        .Carrier("carrier-a", CallLab.CarrierAAddress, callerPort)
        .Carrier("carrier-b", CallLab.CarrierBAddress, calleePort)
        .Route(AToB);

    [Fact]
    public async Task Carrier_a_calls_carrier_b_over_udp_and_the_caller_hangs_up()
    {
        int callerPort = CallLab.FreePortOn(CallLab.CarrierAAddress), calleePort = CallLab.FreePortOn(CallLab.CarrierBAddress);
        await using CallLab lab = await CallLab.StartAsync(Config(callerPort, calleePort));
        SippPeer callee = await lab.CalleeAsync("carrier-b", "uas-answer.xml", CallLab.CarrierBAddress, calleePort);

        SippPeer caller = await lab.CallAsync("carrier-a", "uac-call.xml", CallLab.CarrierAAddress, callerPort, CallLab.Alice);

        lab.CheckSucceeded(caller, "carrier A's call is answered (180, 200), ACKed, and its BYE gets 200");
        await lab.CheckFinishedAsync(callee, "carrier B receives INVITE, rings, answers, gets the ACK and the BYE");
        lab.Check(caller.ReceivedResponses("INVITE").Any(r => r.Status == 180), "the callee's 180 reaches the caller");
        lab.Check(CallLab.RequestFlow(callee).SequenceEqual(["INVITE", "ACK", "BYE"]), "the callee receives exactly INVITE, ACK, BYE");
        lab.Check(caller.ReceivedResponses("BYE").Any(r => r.Status == 200), "the caller's BYE is answered 200");
    }

    [Fact]
    public async Task Carrier_a_calls_carrier_b_over_udp_and_the_callee_hangs_up()
    {
        int callerPort = CallLab.FreePortOn(CallLab.CarrierAAddress), calleePort = CallLab.FreePortOn(CallLab.CarrierBAddress);
        await using CallLab lab = await CallLab.StartAsync(Config(callerPort, calleePort));
        SippPeer callee = await lab.CalleeAsync("carrier-b", "uas-answer-bye.xml", CallLab.CarrierBAddress, calleePort, ["-d", "500"]);

        SippPeer caller = await lab.CallAsync("carrier-a", "uac-wait-bye.xml", CallLab.CarrierAAddress, callerPort, CallLab.Alice);

        lab.CheckSucceeded(caller, "carrier A's call is answered, then ended by a BYE from Palisade, which it answers 200");
        await lab.CheckFinishedAsync(callee, "carrier B answers, hangs up after 500 ms, and its BYE gets 200");
        lab.Check(CallLab.RequestFlow(caller).SequenceEqual(["BYE"]), "the caller receives exactly one request: the BYE");
        lab.Check(CallLab.RequestFlow(callee).SequenceEqual(["INVITE", "ACK"]), "the callee receives INVITE and ACK, and nothing after its BYE but the 200");
    }

    [Fact]
    public async Task The_callee_sees_the_called_number_and_the_callers_number_and_name()
    {
        int callerPort = CallLab.FreePortOn(CallLab.CarrierAAddress), calleePort = CallLab.FreePortOn(CallLab.CarrierBAddress);
        await using CallLab lab = await CallLab.StartAsync(Config(callerPort, calleePort));
        SippPeer callee = await lab.CalleeAsync("carrier-b", "uas-answer.xml", CallLab.CarrierBAddress, calleePort);

        SippPeer caller = await lab.CallAsync("carrier-a", "uac-call.xml", CallLab.CarrierAAddress, callerPort, CallLab.Alice);

        lab.CheckSucceeded(caller, "the call completes");
        TracedMessage? invite = callee.ReceivedRequests("INVITE").FirstOrDefault();
        lab.Check(invite is not null, "the callee receives an INVITE");
        lab.Check(invite!.RequestUri.StartsWith("sip:" + CallLab.Alice + "@", StringComparison.Ordinal), $"the Request-URI names the called number {CallLab.Alice}");
        lab.Check((invite.Header("To") ?? "").Contains("sip:" + CallLab.Alice + "@", StringComparison.Ordinal), "To names the called number");
        // The caller wrote From: "Dana Pstn" <sip:+14255550123@127.0.0.2;user=phone>: the same quoted display name must
        // come out (RFC 3261 §25.1 quoted-string), not the quotes quoted again.
        string from = invite.Header("From") ?? "";
        lab.Check(from.StartsWith($"\"{CallLab.PstnName}\" <sip:{CallLab.PstnNumber}@", StringComparison.Ordinal),
            $"From carries the caller's name and number as \"{CallLab.PstnName}\" <sip:{CallLab.PstnNumber}@…>; got: From: {from}");
    }

    [Fact]
    public async Task Ringing_and_answer_reach_the_caller_in_the_order_the_callee_sent_them_call_after_call()
    {
        // The callee sends 180 and 200 back to back, as a fast auto-answer does. Palisade must relay both, in order
        // (DESIGN.md §2: a call's messages are handled in order): a 180 overtaken by the 200 is lost to the caller.
        const int Calls = 20;
        int callerPort = CallLab.FreePortOn(CallLab.CarrierAAddress), calleePort = CallLab.FreePortOn(CallLab.CarrierBAddress);
        await using CallLab lab = await CallLab.StartAsync(Config(callerPort, calleePort));
        SippPeer callee = await lab.CalleeAsync("carrier-b", "uas-answer.xml", CallLab.CarrierBAddress, calleePort, calls: Calls);

        SippPeer caller = lab.StartCaller("carrier-a", "uac-call.xml", CallLab.CarrierAAddress, callerPort, CallLab.Alice, pauseMs: 0, calls: Calls);
        await caller.WaitAsync(TimeSpan.FromSeconds(45));

        lab.CheckSucceeded(caller, $"all {Calls} calls complete", Calls);
        await lab.CheckFinishedAsync(callee, $"carrier B answers all {Calls} calls", Calls);
        var missing = new List<string>();
        foreach (IGrouping<string?, TracedMessage> call in caller.Received.GroupBy(m => m.Header("Call-ID")))
        {
            List<int> answers = call.Where(m => m.CSeqMethod == "INVITE" && m.Status > 100).Select(m => m.Status).ToList();
            int ringing = answers.IndexOf(180), answered = answers.IndexOf(200);
            if (ringing < 0 || answered < 0 || ringing > answered)
                missing.Add($"{call.Key}: {string.Join(' ', answers)}");
        }
        lab.Check(missing.Count == 0, $"every call's caller receives 180 then 200; calls without (Call-ID: INVITE answers received):\n{string.Join('\n', missing)}");
    }
}
