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

namespace Palisade.Benchmarks.Calls;

/// <summary>
/// The call engine with its real transaction layer and a network that answers in-process: the caller's INVITE goes
/// in, the INVITE Palisade sends to the callee is answered 200, the caller ACKs. Measures the engine alone.
/// </summary>
internal sealed class InProcessB2bua : ISipSender, ICallRecordSink, ITransactionUser
{
    private const string Config = """
        node: { name: bench, fqdn: sbc.bench.example.net, data: ./data }
        listeners:
          - { name: udp, transport: udp, address: 127.0.0.1, port: 5060 }
        tenants:
          - { id: bench, name: Bench }
        trunks:
          - { id: a, kind: carrier, listener: udp, endpoints: [ { host: 127.0.0.2, port: 5060, transport: udp } ], allow-from: [127.0.0.2/32], probe: { enabled: false } }
          - { id: b, kind: carrier, listener: udp, endpoints: [ { host: 127.0.0.4, port: 5060, transport: udp } ], allow-from: [127.0.0.4/32], probe: { enabled: false } }
        numbers:
          - { number: "+14255550100", tenant: bench }
        routes:
          - { id: a-b, from: [a], called: '^\+', to: [b] }
        """;

    private static readonly IPEndPoint Caller = new(IPAddress.Parse("127.0.0.2"), 5060);
    private static readonly IPEndPoint Callee = new(IPAddress.Parse("127.0.0.4"), 5060);
    private static readonly IPEndPoint Local = new(IPAddress.Loopback, 5060);
    private static readonly string Sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

    private readonly TransactionLayer _layer;
    private string? _callerTag;

    public InProcessB2bua(TimeProvider time)
    {
        PalisadeConfigModel config = ConfigLoader.LoadText(Config, "bench.yaml").Model ?? throw new InvalidOperationException("bench config");
        Wheel = new TimerWheel(time);
        Engine = new CallEngine(new CallEngineOptions(), () => config, this, Wheel, null, new RoutingState(time), this, this, NullLogger.Instance);
        _layer = new TransactionLayer(this, Engine, Wheel);
        Engine.Attach(_layer);
        Engine.BindListeners([new ListenerBinding("udp", SipTransportKind.Udp, Local)]);
    }

    public CallEngine Engine { get; }

    public TimerWheel Wheel { get; }

    public int Records { get; private set; }

    /// <summary>One call set up and answered (and ACKed); returns the Call-ID of its caller leg.</summary>
    public string Establish(int n)
    {
        string callId = "bench-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "@10.0.0.1";
        Deliver(Invite(callId, n), Caller);
        Deliver(CallerAck(callId, n, _callerTag!), Caller);
        return callId;
    }

    /// <summary>The caller hangs up.</summary>
    public void HangUp(string callId, int n) => Deliver(CallerBye(callId, n, CallerTagFor(callId)), Caller);

    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);

    private string CallerTagFor(string callId) => _tags[callId];

    private void Deliver(string text, IPEndPoint from)
    {
        SipMessage m = SipParser.ParseDatagram(Encoding.UTF8.GetBytes(text), out _) ?? throw new InvalidOperationException(text);
        m.ReceivedFrom = from;
        _layer.ProcessInbound(new SipInbound(m, new SipDestination(SipTransportKind.Udp, from, 0, null, Local), "udp"));
    }

    public ValueTask<bool> SendAsync(SipDestination destination, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ReadOnlySpan<byte> bytes = message.Span;
        if (destination.EndPoint.Equals(Callee) && bytes.StartsWith("INVITE "u8))
        {
            // The callee answers at once.
            SipMessage invite = SipParser.ParseFramed(bytes, out _)!;
            using SipMessageWriter w = SipResponses.Start(invite, 200, null, "callee-tag");
            w.Header(HeaderId.Contact, "<sip:callee@127.0.0.4:5060>");
            w.Finish(Encoding.ASCII.GetBytes(Sdp), "application/sdp");
            string answer = Encoding.UTF8.GetString(w.Written);
            Deliver(answer, Callee);
        }
        else if (destination.EndPoint.Equals(Caller) && bytes.StartsWith("SIP/2.0 200"u8))
        {
            SipMessage ok = SipParser.ParseFramed(bytes, out _)!;
            if (ok.CSeqMethod == SipMethod.Invite)
            {
                _callerTag = ok.ToTag;
                _tags[ok.CallId] = ok.ToTag!;
            }
        }
        return new ValueTask<bool>(true);
    }

    private static string Invite(string callId, int n) =>
        "INVITE sip:+14255550100@127.0.0.1:5060;user=phone SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-i;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: \"Load\" <sip:+14255550199@127.0.0.2>;tag=c" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\r\n" +
        "To: <sip:+14255550100@127.0.0.1>\r\n" +
        "Call-ID: " + callId + "\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:load@127.0.0.2:5060>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: " + Sdp.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\r\n\r\n" + Sdp;

    private static string InDialog(string method, string callId, int n, uint cseq, string palisadeTag) =>
        method + " sip:127.0.0.1:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + method + ";rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: \"Load\" <sip:+14255550199@127.0.0.2>;tag=c" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\r\n" +
        "To: <sip:+14255550100@127.0.0.1>;tag=" + palisadeTag + "\r\n" +
        "Call-ID: " + callId + "\r\n" +
        "CSeq: " + cseq.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + method + "\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static string CallerAck(string callId, int n, string tag) => InDialog("ACK", callId, n, 1, tag);

    private static string CallerBye(string callId, int n, string tag) => InDialog("BYE", callId, n, 2, tag);

    public void Write(CallRecord record) => Records++;

    // Requests outside any call: none in this set-up.
    public void OnRequest(ServerTransaction transaction) => transaction.Respond(481, null, ResponseTags.New());
    public void OnAck(SipInbound ack) { }
    public void OnResponse(ClientTransaction transaction, SipMessage response) { }
    public void OnStrayResponse(SipInbound response) { }
    public void OnTimeout(SipTransaction transaction) { }
    public void OnTransportError(SipTransaction transaction) { }
}
