using System.Net;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests.Calls;

/// <summary>
/// Calls between a carrier and the "Teams" side over mutual TLS, with lab.yaml's Teams trunk (sip, sip2,
/// sip3.pstnhub.microsoft.com:5061, pointed at 127.0.0.3 by dns.static). Debian's SIPp has no TLS, so the Teams-side
/// SIPp speaks TCP behind stunnel: a stunnel server on 127.0.0.3:5061 with a certificate for sip.pstnhub.microsoft.com
/// issued by the node's lab CA (Palisade dials it, checks that name, presents its own certificate), and a stunnel
/// client that dials the node's TLS listener from 127.0.0.3 with that certificate (Palisade requires it).
/// </summary>
[Collection(CallLab.Collection)]
public sealed class TeamsTlsCallTests
{
    private const string PstnToTeams = @"{ id: pstn-to-teams, from: [carrier-a, carrier-b], called: '^\+', to: [teams] }";
    private const string TeamsToPstn = @"{ id: teams-to-pstn, from: [teams], called: '^\+(1|44)', select: least-cost, to: [carrier-a, carrier-b] }";

    // lab.yaml's rate decks: carrier A is the cheaper for +1, so a call from Teams to a +1 number goes there first.
    private const string RatesA = @"{ currency: USD, prefixes: { ""+1"": 0.0040, ""+44"": 0.0065 } }";
    private const string RatesB = @"{ currency: USD, prefixes: { ""+1"": 0.0055, ""+44"": 0.0050 } }";

    private static LabConfig Config(int carrierAPort, int carrierBPort) => new LabConfig()
        .Carrier("carrier-a", CallLab.CarrierAAddress, carrierAPort, RatesA)
        .Carrier("carrier-b", CallLab.CarrierBAddress, carrierBPort, RatesB)
        .Teams()
        .Route(PstnToTeams)
        .Route(TeamsToPstn);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_carrier_call_reaches_teams_over_mutual_tls(bool teamsHangsUp)
    {
        int callerPort = CallLab.FreePortOn(CallLab.CarrierAAddress), carrierBPort = CallLab.FreePortOn(CallLab.CarrierBAddress);
        int teamsSippPort = CallLab.FreePortOn(CallLab.TeamsAddress);
        await using CallLab lab = await CallLab.StartAsync(Config(callerPort, carrierBPort), teamsHangsUp ? "Carrier_to_teams_teams_hangs_up" : "Carrier_to_teams_caller_hangs_up");
        SippPeer teams = await lab.CalleeAsync("teams", teamsHangsUp ? "uas-answer-bye.xml" : "uas-answer.xml", CallLab.TeamsAddress, teamsSippPort, ["-d", "500"], tcp: true);
        await lab.TeamsProxyServerAsync(teamsSippPort);

        SippPeer caller = await lab.CallAsync("carrier-a", teamsHangsUp ? "uac-wait-bye.xml" : "uac-call.xml", CallLab.CarrierAAddress, callerPort, CallLab.Alice);

        lab.CheckSucceeded(caller, teamsHangsUp
            ? "carrier A's call to Alice is answered by the Teams side and ended by its BYE, relayed over UDP"
            : "carrier A's call to Alice is answered by the Teams side, and carrier A's BYE gets 200");
        await lab.CheckFinishedAsync(teams, "the Teams side receives the INVITE over TLS (Palisade dialled sip.pstnhub.microsoft.com:5061), answers, and the call ends cleanly");
        TracedMessage? invite = teams.ReceivedRequests("INVITE").FirstOrDefault();
        lab.Check(invite is not null && invite.RequestUri.StartsWith("sip:" + CallLab.Alice + "@" + CallLab.TeamsProxy, StringComparison.Ordinal),
            "the INVITE towards Teams is for Alice's number at sip.pstnhub.microsoft.com");
        // Carrier hosting: Palisade names itself towards Teams with the tenant's FQDN (Contact, Via), which is how
        // Microsoft's proxy finds the tenant.
        lab.Check(invite!.Header("Contact")?.Contains("@" + CallLab.ContosoFqdn, StringComparison.Ordinal) == true
                || invite.Header("Contact")?.Contains("sip:" + CallLab.ContosoFqdn, StringComparison.Ordinal) == true,
            $"the Contact towards Teams names the tenant FQDN {CallLab.ContosoFqdn}");
        lab.Check(invite.Header("Via")?.StartsWith("SIP/2.0/TLS " + CallLab.ContosoFqdn, StringComparison.Ordinal) == true,
            $"the Via towards Teams is TLS with sent-by {CallLab.ContosoFqdn}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_teams_call_reaches_a_carrier_over_mutual_tls(bool carrierHangsUp)
    {
        int carrierAPort = CallLab.FreePortOn(CallLab.CarrierAAddress), carrierBPort = CallLab.FreePortOn(CallLab.CarrierBAddress);
        int teamsSippPort = CallLab.FreePortOn(CallLab.TeamsAddress), tunnelPort = CallLab.FreePortOn(CallLab.TeamsAddress);
        await using CallLab lab = await CallLab.StartAsync(Config(carrierAPort, carrierBPort), carrierHangsUp ? "Teams_to_carrier_carrier_hangs_up" : "Teams_to_carrier_teams_hangs_up");
        UdpSink carrierB = lab.Sink("carrier-b", CallLab.CarrierBAddress, carrierBPort);
        SippPeer carrier = await lab.CalleeAsync("carrier-a", carrierHangsUp ? "uas-answer-bye.xml" : "uas-answer.xml", CallLab.CarrierAAddress, carrierAPort, ["-d", "500"]);
        await lab.TeamsProxyClientAsync(tunnelPort);

        // Microsoft's proxy: Request-URI at the tenant's FQDN, From the Teams user at sip.pstnhub.microsoft.com.
        SippPeer teams = await lab.CallAsync("teams", carrierHangsUp ? "uac-wait-bye.xml" : "uac-call.xml", CallLab.TeamsAddress, teamsSippPort, CallLab.PstnNumber,
            number: CallLab.Alice, display: CallLab.AliceName, remote: new IPEndPoint(CallLab.TeamsAddress, tunnelPort).ToString(),
            domain: CallLab.ContosoFqdn + ":" + lab.Node.TlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), fromHost: CallLab.TeamsProxy, tcp: true);

        lab.CheckSucceeded(teams, carrierHangsUp
            ? "the Teams call to the PSTN is answered by carrier A and ended by its BYE, relayed to Teams over the TLS connection Teams opened"
            : "the Teams call to the PSTN is answered by carrier A, and the Teams side's BYE gets 200");
        await lab.CheckFinishedAsync(carrier, "carrier A receives the call from Teams, answers it, and the call ends cleanly");
        TracedMessage? invite = carrier.ReceivedRequests("INVITE").FirstOrDefault();
        lab.Check(invite is not null && invite.RequestUri.StartsWith("sip:" + CallLab.PstnNumber + "@" + CallLab.CarrierAAddress, StringComparison.Ordinal),
            "carrier A receives an INVITE for the PSTN number at its own address");
        lab.CheckSilent(carrierB, "carrier B (dearer for +1, and not needed) receives nothing");
    }
}
