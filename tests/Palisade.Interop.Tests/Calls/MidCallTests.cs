using System.Globalization;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests.Calls;

/// <summary>
/// What happens inside a call through <c>palisade run --config</c>, with real SIPp peers on both legs: re-INVITE
/// (hold and resume) relayed with Palisade's own SDP origin per leg, and reliable provisional responses (RFC 3262)
/// acknowledged per leg.
/// </summary>
[Collection(CallLab.Collection)]
public sealed class MidCallTests
{
    private static LabConfig Config(int callerPort, int calleePort) => new LabConfig()
        .Carrier("carrier-a", CallLab.CarrierAAddress, callerPort)
        .Carrier("carrier-b", CallLab.CarrierBAddress, calleePort)
        .Route(@"{ id: a-to-b, from: [carrier-a], called: '^\+', to: [carrier-b] }");

    [Fact]
    public async Task Hold_and_resume_reinvites_reach_the_callee_with_palisades_origin_and_a_rising_version()
    {
        int callerPort = CallLab.FreePortOn(CallLab.CarrierAAddress), calleePort = CallLab.FreePortOn(CallLab.CarrierBAddress);
        await using CallLab lab = await CallLab.StartAsync(Config(callerPort, calleePort));
        SippPeer callee = await lab.CalleeAsync("carrier-b", "uas-hold.xml", CallLab.CarrierBAddress, calleePort);

        SippPeer caller = await lab.CallAsync("carrier-a", "uac-hold.xml", CallLab.CarrierAAddress, callerPort, CallLab.Alice);

        lab.CheckSucceeded(caller, "the caller's call, its hold re-INVITE (a=sendonly) and its resume re-INVITE (a=sendrecv) each get 200, then BYE gets 200");
        await lab.CheckFinishedAsync(callee, "the callee receives the INVITE, then a re-INVITE with a=sendonly and one with a=sendrecv, answers each, then the BYE");

        // The three offers as the callee received them (retransmissions dropped).
        List<TracedMessage> offers = callee.ReceivedRequests("INVITE").DistinctBy(m => m.Header("CSeq")).ToList();
        lab.Check(offers.Count == 3, "the callee receives three INVITEs: the call, hold, resume");
        lab.Check(offers[1].SdpLines.Contains("a=sendonly") && offers[2].SdpLines.Contains("a=sendrecv"),
            "the hold offer says a=sendonly and the resume offer a=sendrecv");
        string[]?[] origins = offers.Select(o => o.Origin).ToArray();
        lab.Check(origins.All(o => o is { Length: 6 }), "each offer has an o= line");
        // RFC 3264 §8: same session id, version one higher for each changed offer; RFC 4566 §5.2 origin is Palisade's
        // (user "-", its own address), never the caller's.
        lab.Check(origins.All(o => o![0] == "-" && o[5] == "127.0.0.1" && o[1] == origins[0]![1]),
            "every offer the callee sees has Palisade's origin (user -, Palisade's session id, address 127.0.0.1); got: "
            + string.Join(" | ", origins.Select(o => string.Join(' ', o ?? []))));
        ulong[] versions = origins.Select(o => ulong.Parse(o![2], CultureInfo.InvariantCulture)).ToArray();
        lab.Check(versions[1] == versions[0] + 1 && versions[2] == versions[1] + 1,
            "the o= version rises by one with each new offer: " + string.Join(", ", versions));

        // The caller's leg likewise sees Palisade's origin in the answers, its version rising as the callee's answer changes.
        List<TracedMessage> answers = caller.ReceivedResponses("INVITE").Where(r => r.Status == 200).DistinctBy(r => r.Header("CSeq")).ToList();
        lab.Check(answers.Count == 3, "the caller gets a 200 for each of its three INVITEs");
        string[]?[] answerOrigins = answers.Select(a => a.Origin).ToArray();
        lab.Check(answerOrigins.All(o => o is { Length: 6 } && o[0] == "-" && o[5] == "127.0.0.1" && o[1] == answerOrigins[0]![1]),
            "every answer the caller sees has Palisade's origin; got: " + string.Join(" | ", answerOrigins.Select(o => string.Join(' ', o ?? []))));
        ulong[] answerVersions = answerOrigins.Select(o => ulong.Parse(o![2], CultureInfo.InvariantCulture)).ToArray();
        lab.Check(answerVersions[1] == answerVersions[0] + 1 && answerVersions[2] == answerVersions[1] + 1,
            "the o= version of the answers the caller sees rises by one with each changed answer: " + string.Join(", ", answerVersions));
    }

    [Fact]
    public async Task A_reliable_183_is_pracked_on_the_callee_leg_and_reaches_a_caller_without_100rel_unreliably()
    {
        int callerPort = CallLab.FreePortOn(CallLab.CarrierAAddress), calleePort = CallLab.FreePortOn(CallLab.CarrierBAddress);
        await using CallLab lab = await CallLab.StartAsync(Config(callerPort, calleePort));
        SippPeer callee = await lab.CalleeAsync("carrier-b", "uas-prack.xml", CallLab.CarrierBAddress, calleePort);

        // The caller's INVITE has neither Supported nor Require: 100rel.
        SippPeer caller = await lab.CallAsync("carrier-a", "uac-call.xml", CallLab.CarrierAAddress, callerPort, CallLab.Alice);

        await lab.CheckFinishedAsync(callee, "the callee's reliable 183 is PRACKed (RAck 1 1 INVITE), then its 200 is ACKed and the BYE arrives");
        lab.CheckSucceeded(caller, "the caller gets 183 then 200, ACKs, and its BYE gets 200");
        TracedMessage? invite = callee.ReceivedRequests("INVITE").FirstOrDefault();
        TracedMessage? prack = callee.ReceivedRequests("PRACK").FirstOrDefault();
        lab.Check(prack is not null && invite is not null && prack.Header("RAck") == "1 " + invite.Header("CSeq"),
            "Palisade's PRACK on the callee leg carries RAck: 1 1 INVITE (RSeq, CSeq number and method, RFC 3262 §7.2)");
        lab.Check(prack!.Header("Call-ID") == invite!.Header("Call-ID") && prack.Tag("To") == callee.Sent.First(m => m.Status == 183).Tag("To"),
            "the PRACK is sent in the callee's early dialog (its Call-ID and To tag)");
        lab.Check(caller.ReceivedRequests("PRACK").Count == 0 && caller.Sent.All(m => m.Method != "PRACK"), "no PRACK on the caller's leg");

        TracedMessage? early = caller.ReceivedResponses("INVITE").FirstOrDefault(r => r.Status == 183);
        lab.Check(early is not null, "the 183 reaches the caller");
        lab.Check(!early!.Has("RSeq") && !(early.Header("Require") ?? "").Contains("100rel", StringComparison.OrdinalIgnoreCase),
            "the caller, which did not offer 100rel, gets the 183 unreliably: no Require: 100rel, no RSeq (RFC 3262 §3)");
        lab.Check(early.SdpLines.Any(l => l.StartsWith("m=audio", StringComparison.Ordinal)), "the 183 carries the callee's early-media SDP to the caller");
    }
}
