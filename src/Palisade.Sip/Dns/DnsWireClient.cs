using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Palisade.Sip.Dns;

/// <summary>
/// Asks recursive nameservers over UDP, retrying over TCP when the answer is truncated (RFC 1035 §4.2.1, RFC 7766).
/// Spoofing defences (RFC 5452 §9): a cryptographically random 16-bit id per transmission, a fresh socket bound to
/// port 0 per transmission (Linux picks a random ephemeral port for each bind), a connected socket so the kernel drops
/// datagrams from any other source, and a reply is accepted only if its id and question match ours.
/// </summary>
internal sealed class DnsWireClient : IDnsQueryClient
{
    private const int MaxUdpResponse = 65535;
    private readonly IReadOnlyList<IPEndPoint> _servers;
    private readonly TimeSpan _timeout;
    private readonly int _attempts;
    private readonly bool _edns;
    private readonly TimeProvider _time;

    public DnsWireClient(DnsResolverOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _servers = options.NameServers is { Count: > 0 } servers ? servers : ResolvConf.LoadNameServers(options.ResolvConfPath);
        _timeout = options.Timeout;
        _attempts = options.Attempts;
        _edns = options.UseEdns;
        _time = timeProvider ?? TimeProvider.System;
    }

    public IReadOnlyList<IPEndPoint> NameServers => _servers;

    public async ValueTask<DnsQueryResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        if (DnsQueryEncoder.WriteName(new byte[DnsQueryEncoder.MaxQueryLength], name) == 0)
            return DnsQueryResponse.Failure($"'{name}' is not a valid DNS name");

        string? lastError = null;
        for (var attempt = 0; attempt < _attempts; attempt++)
        {
            foreach (var server in _servers)
            {
                var response = await ExchangeAsync(server, name, type, _edns, cancellationToken).ConfigureAwait(false);

                // RFC 6891 §7: a server that does not know EDNS answers FORMERR; ask again without the OPT record.
                if (_edns && response.Message is { ResponseCode: DnsResponseCode.FormatError })
                    response = await ExchangeAsync(server, name, type, edns: false, cancellationToken).ConfigureAwait(false);

                if (response.Message is { } message)
                {
                    // NOERROR and NXDOMAIN are answers; SERVFAIL, REFUSED and the like mean "ask someone else".
                    if (message.ResponseCode is DnsResponseCode.NoError or DnsResponseCode.NameError)
                        return response;
                    lastError = string.Create(
                        CultureInfo.InvariantCulture,
                        $"{ResolvConf.Describe(server)} answered {message.ResponseCode} for {type} {name}");
                }
                else
                {
                    lastError = response.Error;
                }
            }
        }

        return DnsQueryResponse.Failure(lastError ?? "no nameserver configured");
    }

    private async ValueTask<DnsQueryResponse> ExchangeAsync(
        IPEndPoint server, string name, DnsRecordType type, bool edns, CancellationToken cancellationToken)
    {
        var query = new byte[DnsQueryEncoder.MaxQueryLength];
        var id = (ushort)RandomNumberGenerator.GetInt32(0, 65536);
        var length = DnsQueryEncoder.Encode(query, id, name, type, edns);
        var response = await ExchangeUdpAsync(server, query.AsMemory(0, length), id, name, type, cancellationToken).ConfigureAwait(false);
        if (response.Message is { IsTruncated: true })
        {
            // RFC 1035 §4.2.1 / RFC 7766 §5: a truncated UDP answer is retried over TCP, with a fresh id.
            id = (ushort)RandomNumberGenerator.GetInt32(0, 65536);
            length = DnsQueryEncoder.Encode(query, id, name, type, edns);
            response = await ExchangeTcpAsync(server, query.AsMemory(0, length), id, name, type, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private async ValueTask<DnsQueryResponse> ExchangeUdpAsync(
        IPEndPoint server, ReadOnlyMemory<byte> query, ushort id, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxUdpResponse);
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        string? rejected = null;
        try
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
            await socket.ConnectAsync(server, linked.Token).ConfigureAwait(false);
            await socket.SendAsync(query, SocketFlags.None, linked.Token).ConfigureAwait(false);
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(0, MaxUdpResponse), SocketFlags.None, linked.Token).ConfigureAwait(false);

                // Anything that is not our answer is dropped and we keep listening until the timeout: a forged or late
                // packet must not make us give up on the real one (RFC 5452 §4).
                if (TryAccept(buffer.AsSpan(0, received), id, name, type, out var message, out var reason))
                    return DnsQueryResponse.Success(message!);
                rejected = reason;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DnsQueryResponse.Failure(Describe(server, "UDP", name, type, rejected is null ? "timed out" : "timed out; ignored a reply: " + rejected));
        }
        catch (SocketException e)
        {
            // A connected UDP socket reports ICMP port unreachable as ConnectionRefused.
            return DnsQueryResponse.Failure(Describe(server, "UDP", name, type, e.SocketErrorCode.ToString()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask<DnsQueryResponse> ExchangeTcpAsync(
        IPEndPoint server, ReadOnlyMemory<byte> query, ushort id, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        byte[]? buffer = null;
        try
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(server, linked.Token).ConfigureAwait(false);

            // RFC 1035 §4.2.2: each message is prefixed with a two-byte length.
            var framed = new byte[query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed.AsMemory(2));
            await socket.SendAsync(framed, SocketFlags.None, linked.Token).ConfigureAwait(false);

            var prefix = new byte[2];
            if (!await ReceiveExactlyAsync(socket, prefix, linked.Token).ConfigureAwait(false))
                return DnsQueryResponse.Failure(Describe(server, "TCP", name, type, "connection closed before the answer"));
            int length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
            buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
            if (!await ReceiveExactlyAsync(socket, buffer.AsMemory(0, length), linked.Token).ConfigureAwait(false))
                return DnsQueryResponse.Failure(Describe(server, "TCP", name, type, "connection closed in the middle of the answer"));
            return TryAccept(buffer.AsSpan(0, length), id, name, type, out var message, out var reason)
                ? DnsQueryResponse.Success(message!)
                : DnsQueryResponse.Failure(Describe(server, "TCP", name, type, reason!));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DnsQueryResponse.Failure(Describe(server, "TCP", name, type, "timed out"));
        }
        catch (SocketException e)
        {
            return DnsQueryResponse.Failure(Describe(server, "TCP", name, type, e.SocketErrorCode.ToString()));
        }
        finally
        {
            if (buffer is not null)
                ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async ValueTask<bool> ReceiveExactlyAsync(Socket socket, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < destination.Length)
        {
            var n = await socket.ReceiveAsync(destination[read..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
                return false;
            read += n;
        }

        return true;
    }

    /// <summary>Decodes a reply and checks it answers our question (RFC 5452 §4.2: id, name, type and class).</summary>
    internal static bool TryAccept(
        ReadOnlySpan<byte> packet, ushort id, string name, DnsRecordType type, out DnsMessage? message, out string? reason)
    {
        message = null;
        if (packet.Length >= 2 && BinaryPrimitives.ReadUInt16BigEndian(packet) != id)
        {
            reason = "reply id does not match the query";
            return false;
        }

        if (!DnsMessageDecoder.TryDecode(packet, out var decoded, out reason))
            return false;
        if (!decoded!.IsResponse || decoded.Opcode != 0)
        {
            reason = "packet is not a response to a standard query";
            return false;
        }

        if (decoded.QuestionCount != 1
            || decoded.QuestionType != (ushort)type
            || decoded.QuestionClass != DnsMessageDecoder.ClassIn
            || !DnsName.Equals(decoded.QuestionName, name))
        {
            reason = "reply question does not match the query";
            return false;
        }

        message = decoded;
        reason = null;
        return true;
    }

    private static string Describe(IPEndPoint server, string protocol, string name, DnsRecordType type, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{type} {name} via {protocol} {ResolvConf.Describe(server)}: {what}");
}
