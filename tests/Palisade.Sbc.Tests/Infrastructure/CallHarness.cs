using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Routing.Config;
using Palisade.Routing.Model;
using Palisade.Routing.State;
using Palisade.Sbc.Calls;
using Palisade.Sbc.Cdr;
using Palisade.Sbc.Hosting;
using Palisade.Sip.Message;
using Palisade.Sip.Timers;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Sbc.Tests.Infrastructure;

/// <summary>
/// The whole B2BUA in-process on a fake clock: the real transaction layer and call engine, with the network replaced
/// by a recorder (what Palisade sends) and <see cref="Deliver"/> (what peers send). Timers run by advancing the clock.
/// </summary>
internal sealed class CallHarness : IDisposable
{
    public const string DefaultConfig = """
        node: { name: test-node, fqdn: sbc.lab.example.net, data: ./data }
        listeners:
          - { name: public-udp, transport: udp, address: 127.0.0.1, port: 5060 }
        tenants:
          - { id: contoso, name: Contoso, teams-fqdn: contoso.sbc.lab.example.net }
        trunks:
          - id: carrier-a
            kind: carrier
            listener: public-udp
            endpoints: [ { host: 127.0.0.2, port: 5060, transport: udp } ]
            allow-from: [127.0.0.2/32]
            failover-codes: [408, 500, 502, 503, 504]
          - id: carrier-b
            kind: carrier
            listener: public-udp
            endpoints: [ { host: 127.0.0.4, port: 5060, transport: udp } ]
            allow-from: [127.0.0.4/32]
            failover-codes: [408, 500, 502, 503, 504]
          - id: carrier-c
            kind: carrier
            listener: public-udp
            endpoints: [ { host: 127.0.0.6, port: 5060, transport: udp } ]
            allow-from: [127.0.0.6/32]
            failover-codes: [408, 500, 502, 503, 504]
        numbers:
          - { number: "+14255550100", tenant: contoso }
        routes:
          - { id: a-out, from: [carrier-a], called: '^\+', to: [carrier-b, carrier-c] }
        """;

    public static readonly IPEndPoint CarrierA = new(IPAddress.Parse("127.0.0.2"), 5060);
    public static readonly IPEndPoint CarrierB = new(IPAddress.Parse("127.0.0.4"), 5060);
    public static readonly IPEndPoint CarrierC = new(IPAddress.Parse("127.0.0.6"), 5060);
    public static readonly IPEndPoint Local = new(IPAddress.Loopback, 5060);

    public CallHarness(string? config = null)
    {
        ConfigLoadResult loaded = ConfigLoader.LoadText(config ?? DefaultConfig, "test.yaml");
        Assert.True(loaded.Model is not null, string.Join("\n", loaded.Errors));
        Config = loaded.Model!;
        Clock = new FakeClock();
        Wheel = new TimerWheel(Clock);
        State = new RoutingState(Clock);
        Engine = new CallEngine(new CallEngineOptions(), () => Config, Network, Wheel, null, State, Records, new LocalUas(NullLogger.Instance), NullLogger.Instance);
        Layer = new TransactionLayer(Network, Engine, Wheel);
        Engine.Attach(Layer);
        Engine.BindListeners([new ListenerBinding("public-udp", SipTransportKind.Udp, Local)]);
    }

    public PalisadeConfigModel Config { get; set; }

    public FakeClock Clock { get; }

    public TimerWheel Wheel { get; }

    public RecordingNetwork Network { get; } = new();

    public RecordingSink Records { get; } = new();

    public RoutingState State { get; }

    public CallEngine Engine { get; }

    public TransactionLayer Layer { get; }

    /// <summary>A message from <paramref name="from"/> arrives on the UDP listener (CRLF normalised).</summary>
    public void Deliver(string text, IPEndPoint from)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));
        SipMessage? m = SipParser.ParseDatagram(bytes, out SipParseError error);
        Assert.True(m is not null && error.Outcome == ParseOutcome.Ok, error.Detail + "\n" + text);
        m!.ReceivedFrom = from;
        Layer.ProcessInbound(new SipInbound(m, new SipDestination(SipTransportKind.Udp, from, 0, null, Local), "public-udp"));
    }

    public void Advance(TimeSpan by) => Clock.Advance(by);

    public void Dispose()
    {
        Engine.Dispose();
        Layer.Dispose();
        Wheel.Dispose();
    }
}

internal sealed class RecordingSink : ICallRecordSink
{
    public List<CallRecord> Written { get; } = [];

    public void Write(CallRecord record) => Written.Add(record);

    public CallRecord Call => Assert.Single(Written, r => r.Kind == CallRecordKind.Call);
}

/// <summary>Everything Palisade sent, parsed, with where it went.</summary>
internal sealed class RecordingNetwork : ISipSender
{
    public List<(IPEndPoint To, SipMessage Message, string Text)> Sent { get; } = [];

    public ValueTask<bool> SendAsync(SipDestination destination, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        SipMessage parsed = SipParser.ParseFramed(message.Span, out SipParseError error)
            ?? throw new InvalidOperationException("Palisade sent an unparsable message: " + error.Detail + "\n" + Encoding.UTF8.GetString(message.Span));
        Sent.Add((destination.EndPoint, parsed, Encoding.UTF8.GetString(message.Span)));
        return new ValueTask<bool>(true);
    }

    /// <summary>Messages to <paramref name="to"/> whose start line begins with <paramref name="start"/> ("INVITE", "SIP/2.0 180").</summary>
    public List<SipMessage> To(IPEndPoint to, string start)
    {
        var list = new List<SipMessage>();
        foreach (var (dest, m, text) in Sent)
        {
            if (dest.Equals(to) && text.StartsWith(start, StringComparison.Ordinal))
                list.Add(m);
        }
        return list;
    }

    public SipMessage Single(IPEndPoint to, string start) => Assert.Single(To(to, start));

    /// <summary>The one request sent (its UDP retransmissions, same branch, counted once).</summary>
    public SipMessage SingleRequest(IPEndPoint to, string start)
    {
        List<SipMessage> all = To(to, start);
        Assert.NotEmpty(all);
        Assert.All(all, m => Assert.Equal(all[0].TopVia!.Branch, m.TopVia!.Branch));
        return all[0];
    }

    public string TextTo(IPEndPoint to)
    {
        var sb = new StringBuilder();
        foreach (var (dest, _, text) in Sent)
        {
            if (dest.Equals(to))
                sb.Append(text).Append("\n----\n");
        }
        return sb.ToString();
    }
}
