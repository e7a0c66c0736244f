using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests.Calls;

/// <summary>
/// Routing and admission policy on real calls: least-cost selection over rate decks, and a tenant's concurrent call
/// limit. (Both come from the routing engine; these tests state the behaviour lab.yaml promises.)
/// </summary>
[Collection(CallLab.Collection)]
public sealed class RoutingPolicyCallTests
{
    // lab.yaml's rate decks: carrier A is the cheaper for +1, carrier B for +44.
    private const string RatesA = @"{ currency: USD, prefixes: { ""+1"": 0.0040, ""+44"": 0.0065 } }";
    private const string RatesB = @"{ currency: USD, prefixes: { ""+1"": 0.0055, ""+44"": 0.0050 } }";

    [Fact]
    public async Task Least_cost_sends_the_call_to_the_cheaper_carrier_first_whatever_the_written_order()
    {
        int pbxPort = CallLab.FreePortOn(CallLab.PbxAddress), carrierAPort = CallLab.FreePortOn(CallLab.CarrierAAddress), carrierBPort = CallLab.FreePortOn(CallLab.CarrierBAddress);
        await using CallLab lab = await CallLab.StartAsync(new LabConfig()
            .Carrier("carrier-a", CallLab.CarrierAAddress, carrierAPort, RatesA)
            .Carrier("carrier-b", CallLab.CarrierBAddress, carrierBPort, RatesB)
            .Pbx("pbx", CallLab.PbxAddress, pbxPort)
            // Carrier A is written first but is the dearer for +44 (0.0065 against 0.0050).
            .Route(@"{ id: pbx-to-pstn, from: [pbx], called: '^\+', select: least-cost, to: [carrier-a, carrier-b] }"));
        // The dearer carrier never answers: if it got the call first, the call would reach carrier B only after
        // Palisade's setup timeout, and the sink shows it.
        UdpSink dearer = lab.Sink("carrier-a", CallLab.CarrierAAddress, carrierAPort);
        SippPeer cheaper = await lab.CalleeAsync("carrier-b", "uas-answer.xml", CallLab.CarrierBAddress, carrierBPort);

        SippPeer caller = await lab.CallAsync("pbx", "uac-call.xml", CallLab.PbxAddress, pbxPort, "+442079460123", number: "+14255550101", display: "Bob Contoso");

        lab.CheckSucceeded(caller, "the PBX's call to +44 20 7946 0123 is answered and completes");
        await lab.CheckFinishedAsync(cheaper, "carrier B (cheaper for +44) receives the call and answers");
        lab.CheckSilent(dearer, "carrier A (written first, dearer for +44) receives nothing: least-cost tries carrier B first and it answered");
    }

    [Fact]
    public async Task A_tenant_at_its_max_calls_gets_503_with_retry_after_for_one_more()
    {
        int firstPort = CallLab.FreePortOn(CallLab.CarrierAAddress), secondPort = CallLab.FreePortOn(CallLab.CarrierAAddress), calleePort = CallLab.FreePortOn(CallLab.CarrierBAddress);
        await using CallLab lab = await CallLab.StartAsync(new LabConfig()
            .ContosoMaxCalls(1)
            .Carrier("carrier-a", CallLab.CarrierAAddress, [firstPort, secondPort])
            .Carrier("carrier-b", CallLab.CarrierBAddress, calleePort)
            .Route(@"{ id: a-to-b, from: [carrier-a], called: '^\+', to: [carrier-b] }"));
        // Answers up to two calls: if the limit is not applied, the second call is answered and its caller fails.
        SippPeer callee = await lab.CalleeAsync("carrier-b", "uas-answer.xml", CallLab.CarrierBAddress, calleePort, calls: 2);

        // Contoso's first call (to Alice's number) is held for 4 s.
        SippPeer first = lab.StartCaller("carrier-a-1", "uac-call.xml", CallLab.CarrierAAddress, firstPort, CallLab.Alice, pauseMs: 4000);
        bool answered = await WaitUntil(() => callee.ReceivedRequests("ACK").Count > 0 || first.HasExited, TimeSpan.FromSeconds(10));
        lab.Check(answered && !first.HasExited, "contoso's first call is answered and in progress");

        SippPeer second = await lab.CallAsync("carrier-a-2", "uac-over-limit.xml", CallLab.CarrierAAddress, secondPort, CallLab.Alice);
        lab.Check(!first.HasExited, "the first call is still up while the second one is refused");
        await first.WaitAsync(TimeSpan.FromSeconds(20));

        lab.CheckSucceeded(first, "contoso's first call completes normally");
        lab.CheckSucceeded(second, "contoso's second concurrent call is refused with 503 carrying Retry-After (max-calls: 1)");
        TracedMessage? refusal = second.ReceivedResponses("INVITE").FirstOrDefault(r => r.Status >= 200);
        lab.Check(refusal is { Status: 503 } && int.TryParse(refusal.Header("Retry-After")?.Split(' ', ';')[0], out int seconds) && seconds > 0,
            "the refusal is 503 with a Retry-After of some seconds");
        lab.Check(callee.ReceivedRequests("INVITE").DistinctBy(m => m.Header("Call-ID")).Count() == 1, "only the first call reaches carrier B");
    }

    private static async Task<bool> WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        while (!condition())
        {
            if (cts.IsCancellationRequested)
                return false;
            await Task.Delay(50, CancellationToken.None);
        }
        return true;
    }
}
