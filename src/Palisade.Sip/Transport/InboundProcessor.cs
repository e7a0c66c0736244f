using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Palisade.Sip.Message;

namespace Palisade.Sip.Transport;

/// <summary>
/// Turns received bytes into messages for the handler. Malformed requests that can still be answered get the parser's
/// status with a Warning naming the problem (RFC 3261 §21.4.1, §20.43); everything else is dropped, counted and logged
/// at a bounded rate. Nothing thrown by a parse or a handler reaches a listener loop.
/// </summary>
internal sealed class InboundProcessor(
    ISipInboundHandler handler,
    ISipSender sender,
    TransportMetrics metrics,
    RateLimitedLog log,
    string agentName)
{
    public void Process(ReadOnlySpan<byte> bytes, SipDestination source, string listenerName, bool datagram, Tls.TlsPeerIdentity? tlsPeer = null)
    {
        SipMessage? message;
        SipParseError error;
        TagList tags = default;
        tags.Add("transport", source.Transport.ViaToken());
        try
        {
            message = datagram ? SipParser.ParseDatagram(bytes, out error) : SipParser.ParseFramed(bytes, out error);
        }
#pragma warning disable CA1031 // A parser bug must cost one message, never the listener.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            metrics.ParseErrors.Add(1, tags);
            log.Warn("Parser failure", source.ToString(), ex.GetType().Name + ": " + ex.Message);
            return;
        }

        metrics.Received.Add(1, tags);
        if (message is not null)
            message.ReceivedFrom = source.EndPoint;
        if (error.Outcome == ParseOutcome.Ok && message is not null)
        {
            try
            {
                handler.OnMessage(new SipInbound(message, source, listenerName, tlsPeer));
            }
#pragma warning disable CA1031 // A handler bug must cost one message, never the listener.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                log.Warn("Handler failure", source.ToString(), ex.ToString());
            }
            return;
        }

        metrics.ParseErrors.Add(1, tags);
        log.Warn("Malformed SIP message", source, error.Detail ?? "unknown");
        if (error.Outcome == ParseOutcome.Reply && IsAnswerable(message))
            Reply(message, error, source);
    }

    /// <summary>
    /// A request with a Via to answer along, that is not an ACK (RFC 3261 §17.2.1: ACK is never answered). When the
    /// Request-Line itself is malformed the parser leaves Method unset, so the method token is checked on the bytes:
    /// "ACK sip:x SIP/7.0" used to get a 505.
    /// </summary>
    private static bool IsAnswerable([NotNullWhen(true)] SipMessage? message) =>
        message is { IsRequest: true }
        && message.Method != SipMethod.Ack
        && !(message.Method == SipMethod.None && message.Bytes.StartsWith("ACK "u8))
        && message.IndexOf(HeaderId.Via) >= 0;

    /// <summary>
    /// A message over the size limit (RFC 3261 §18.1.1): a request whose headers can be read is answered 513,
    /// anything else dropped.
    /// </summary>
    public void TooLarge(ReadOnlySpan<byte> bytes, SipDestination source)
    {
        TagList tags = default;
        tags.Add("transport", source.Transport.ViaToken());
        metrics.ParseErrors.Add(1, tags);
        log.Warn("Oversized SIP message", source, "over the size limit");
        int headerEnd = SipFramer.FindHeaderEnd(bytes);
        if (headerEnd < 0)
            return;
        SipMessage? message = ParseHeadersForReply(bytes.Slice(0, headerEnd), source);
        if (IsAnswerable(message))
            Reply(message, SipParseError.Reply(513, "message exceeds the size limit"), source);
    }

    /// <summary>
    /// A stream whose framing broke (repeated or negative Content-Length, RFC 4475 §3.1.2.3, §3.3.9): answer 400 when
    /// the request can be read, then the caller closes the connection.
    /// </summary>
    public void FramingError(ReadOnlySpan<byte> bytes, SipDestination source, string detail)
    {
        TagList tags = default;
        tags.Add("transport", source.Transport.ViaToken());
        metrics.ParseErrors.Add(1, tags);
        log.Warn("Unframeable SIP stream", source.ToString(), detail);
        int headerEnd = SipFramer.FindHeaderEnd(bytes);
        SipMessage? message = ParseHeadersForReply(headerEnd < 0 ? bytes : bytes.Slice(0, headerEnd), source);
        if (IsAnswerable(message))
            Reply(message, SipParseError.Reply(400, detail), source);
    }

    /// <summary>
    /// The header parse of the size and framing paths, guarded like <see cref="Process"/>: these run on the UDP
    /// receive thread too, where an escaping exception is unhandled on a dedicated thread and ends the process.
    /// </summary>
    private SipMessage? ParseHeadersForReply(ReadOnlySpan<byte> headers, SipDestination source)
    {
        try
        {
            return SipParser.ParseFramed(headers, out _);
        }
#pragma warning disable CA1031 // A parser bug must cost one message, never the listener.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            log.Warn("Parser failure", source.ToString(), ex.GetType().Name + ": " + ex.Message);
            return null;
        }
    }

    /// <summary>Answers a request refused by the parser. ACK is never answered (RFC 3261 §17.2.1).</summary>
    public void Reply(SipMessage request, SipParseError error, SipDestination source)
    {
        request.ReceivedFrom ??= source.EndPoint;
        byte[] response;
        try
        {
            using SipMessageWriter w = SipResponses.Start(request, error.Status, null, ResponseTags.New());
            w.Warning(agentName, error.Detail ?? "malformed request");
            if (error.Status == 501)
                w.Header(HeaderId.Allow, SipCapabilities.Allow);
            w.Finish();
            response = w.ToArray();
        }
#pragma warning disable CA1031 // Building a reply from a malformed request copies its headers: a writer bug costs the reply, not the listener.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            log.Warn("Reply failure", source.ToString(), ex.GetType().Name + ": " + ex.Message);
            return;
        }
        // Stream writes that back up are bounded by the connection itself (StreamConnection.MaxPendingWrites).
        _ = sender.SendAsync(source, response);
    }
}
