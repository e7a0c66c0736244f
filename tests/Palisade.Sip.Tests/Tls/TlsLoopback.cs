using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Palisade.Sip.Tests.Tls;

/// <summary>
/// Runs a real TLS handshake between two SslStreams over a TCP connection on 127.0.0.1 (ephemeral port).
/// A side whose handshake fails closes its socket at once, so the other side fails fast instead of waiting:
/// nothing here sleeps, the token only bounds a hang.
/// </summary>
internal sealed class TlsLoopback : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private TlsLoopback(SslStream server, SslStream client, Exception? serverError, Exception? clientError)
    {
        Server = server;
        Client = client;
        ServerError = serverError;
        ClientError = clientError;
    }

    public SslStream Server { get; }

    public SslStream Client { get; }

    public Exception? ServerError { get; }

    public Exception? ClientError { get; }

    public bool BothSucceeded => ServerError is null && ClientError is null;

    public static async Task<TlsLoopback> HandshakeAsync(SslServerAuthenticationOptions serverOptions, SslClientAuthenticationOptions clientOptions)
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Task connect = clientSocket.ConnectAsync(IPAddress.Loopback, port, cts.Token).AsTask();
        Socket serverSocket = await listener.AcceptSocketAsync(cts.Token);
        await connect;

        var server = new SslStream(new NetworkStream(serverSocket, ownsSocket: true));
        var client = new SslStream(new NetworkStream(clientSocket, ownsSocket: true));
        Task<Exception?> serverRun = RunAsync(server.AuthenticateAsServerAsync(serverOptions, cts.Token), server);
        Task<Exception?> clientRun = RunAsync(client.AuthenticateAsClientAsync(clientOptions, cts.Token), client);
        await Task.WhenAll(serverRun, clientRun);
        return new TlsLoopback(server, client, await serverRun, await clientRun);
    }

    /// <summary>Sends a SIP OPTIONS line client → server and a reply back; proves the session carries data.</summary>
    public async Task ExchangeAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        byte[] request = Encoding.ASCII.GetBytes("OPTIONS sip:sbc.lab.test SIP/2.0\r\n");
        await Client.WriteAsync(request, cts.Token);
        byte[] buffer = new byte[request.Length];
        await Server.ReadExactlyAsync(buffer, cts.Token);
        Assert.Equal(request, buffer);

        byte[] reply = Encoding.ASCII.GetBytes("SIP/2.0 200 OK\r\n");
        await Server.WriteAsync(reply, cts.Token);
        byte[] replyBuffer = new byte[reply.Length];
        await Client.ReadExactlyAsync(replyBuffer, cts.Token);
        Assert.Equal(reply, replyBuffer);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Client.DisposeAsync();
    }

    private static async Task<Exception?> RunAsync(Task handshake, SslStream stream)
    {
        try
        {
            await handshake;
            return null;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            await stream.DisposeAsync();
            return e;
        }
    }
}
