using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Palisade.Sip.Tests.Tls;
using Palisade.Sip.Transport;
using Palisade.Sip.Transport.Tls;

namespace Palisade.Sip.Tests.Transport;

/// <summary>TLS listeners and outbound TLS connections with the Teams policy (mutual TLS, SNI; RFC 5630, RFC 6066 §3).</summary>
[Collection(TransportCollection.Name)]
public sealed class TlsTransportTests(TlsLabFixture lab) : IClassFixture<TlsLabFixture>
{
    private static readonly SipTransportOptions Options = new() { AgentName = TlsLabFixture.SbcFqdn };

    [Fact]
    public async Task Options_over_mutual_tls_reaches_the_handler()
    {
        await using var h = TransportHarness.Start(Options, lab.Policy(lab.Sbc), SipTransportKind.Tls);
        // The emulated Microsoft proxy dials the SBC by name and presents its own certificate.
        SslClientAuthenticationOptions client = lab.Policy(lab.Microsoft).CreateClientOptions(TlsLabFixture.SbcFqdn);

        (StreamClient proxy, Exception? error) = await StreamClient.ConnectTlsAsync(h.Bound(SipTransportKind.Tls), client);
        await using StreamClient _ = proxy;
        Assert.Null(error);
        string callId = SipText.NewCallId();
        await proxy.WriteAsync(SipText.Options(callId, "TLS"));

        SipInbound inbound = await h.Handler.NextAsync();
        Assert.Equal(callId, inbound.Message.CallId);
        Assert.Equal(SipTransportKind.Tls, inbound.Source.Transport);
        Assert.Equal("tls", inbound.ListenerName);
        // The validated client certificate travels with the message (who is calling: Teams, or someone else).
        Assert.NotNull(inbound.TlsPeer);
        Assert.Contains(TlsLabFixture.MicrosoftFqdn, inbound.TlsPeer!.DnsNames);

        // The answer goes back through the same TLS session.
        Assert.True(await h.Layer.SendAsync(inbound.Source, SipText.Response(callId)));
        Assert.Contains(callId, await proxy.ReadMessageAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused_and_counted()
    {
        using var refused = new RefusalCounter();
        await using var h = TransportHarness.Start(Options, lab.Policy(lab.Sbc), SipTransportKind.Tls);
        SslClientAuthenticationOptions client = lab.Policy(lab.Microsoft).CreateClientOptions(TlsLabFixture.SbcFqdn);
        client.ClientCertificateContext = null;

        (StreamClient anonymous, Exception? error) = await StreamClient.ConnectTlsAsync(h.Bound(SipTransportKind.Tls), client);
        await using StreamClient _ = anonymous;
        if (error is null)
        {
            // With TLS 1.3 the client finishes its side before the server checks the (empty) certificate: the
            // refusal shows as the connection closing instead of a handshake error.
            try
            {
                await anonymous.WriteAsync(SipText.Options(SipText.NewCallId(), "TLS"));
            }
            catch (IOException)
            {
            }
            Assert.True(await anonymous.WaitClosedAsync());
        }

        await refused.Signalled.WaitAsync(Wait.Timeout);
        await Wait.UntilAsync(() => h.Logger.Contains("TLS handshake failed"), "the refusal is logged");
        Assert.Equal(0, h.Handler.Count);
        await Wait.UntilAsync(() => h.Layer.ConnectionCount == 0, "the refused handshake releases its reservation");
    }

    [Fact]
    public async Task SendAsync_to_tls_dials_with_sni_set_to_the_host_name()
    {
        await using var h = TransportHarness.Start(Options, lab.Policy(lab.Sbc), SipTransportKind.Tls);
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var destination = new SipDestination(SipTransportKind.Tls, (IPEndPoint)server.LocalEndpoint, HostName: TlsLabFixture.MicrosoftFqdn);
        string callId = SipText.NewCallId();

        ValueTask<bool> send = h.Layer.SendAsync(destination, SipText.Options(callId, "TLS"));
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        Socket accepted = await server.AcceptSocketAsync(timeout.Token);
        var ssl = new SslStream(new NetworkStream(accepted, ownsSocket: true));
        await using StreamClient microsoft = StreamClient.Accepted(accepted, ssl);
        await ssl.AuthenticateAsServerAsync(lab.Policy(lab.Microsoft).CreateServerOptions(), timeout.Token);

        Assert.True(await send);
        Assert.Equal(TlsLabFixture.MicrosoftFqdn, ssl.TargetHostName);
        // Mutual TLS: the SBC presented its own certificate as client.
        Assert.NotNull(ssl.RemoteCertificate);
        Assert.Contains(TlsLabFixture.SbcFqdn, ssl.RemoteCertificate.Subject, StringComparison.Ordinal);
        Assert.Contains(callId, await microsoft.ReadMessageAsync(), StringComparison.Ordinal);
        Assert.Equal(1, h.Layer.ConnectionCount);
    }

    /// <summary>Observes the layer's refused-connection counter (the transport tests run one at a time, so it is ours).</summary>
    private sealed class RefusalCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly TaskCompletionSource _signalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RefusalCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Palisade.Sip" && instrument.Name == "palisade.sip.connections.refused")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, _, _, _) => _signalled.TrySetResult());
            _listener.Start();
        }

        public Task Signalled => _signalled.Task;

        public void Dispose() => _listener.Dispose();
    }
}
