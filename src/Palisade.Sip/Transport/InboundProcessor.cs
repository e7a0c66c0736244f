using System.Diagnostics;
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
    public void Process(ReadOnlySpan<byte> bytes, SipDestination source, string listenerName, bool datagram)
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
        if (error.Outcome == ParseOutcome.Ok && message is not null)
        {
            try
            {
                handler.OnMessage(new SipInbound(message, source, listenerName));
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
        log.Warn("Malformed SIP message", source.ToString(), error.Detail ?? "unknown");
        if (error.Outcome == ParseOutcome.Reply && message is { IsRequest: true } && message.Method != SipMethod.Ack && message.IndexOf(HeaderId.Via) >= 0)
            Reply(message, error, source);
    }

    /// <summary>
    /// A message over the size limit (RFC 3261 §18.1.1): a request whose headers can be read is answered 513,
    /// anything else dropped.
    /// </summary>
    public void TooLarge(ReadOnlySpan<byte> bytes, SipDestination source)
    {
        TagList tags = default;
        tags.Add("transport", source.Transport.ViaToken());
        metrics.ParseErrors.Add(1, tags);
        log.Warn("Oversized SIP message", source.ToString(), bytes.Length + " bytes");
        int headerEnd = SipFramer.FindHeaderEnd(bytes);
        if (headerEnd < 0)
            return;
        SipMessage? message = SipParser.ParseFramed(bytes.Slice(0, headerEnd), out _);
        if (message is { IsRequest: true } && message.Method != SipMethod.Ack && message.IndexOf(HeaderId.Via) >= 0)
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
        SipMessage? message = SipParser.ParseFramed(headerEnd < 0 ? bytes : bytes.Slice(0, headerEnd), out _);
        if (message is { IsRequest: true } && message.Method != SipMethod.Ack && message.IndexOf(HeaderId.Via) >= 0)
            Reply(message, SipParseError.Reply(400, detail), source);
    }

    /// <summary>Answers a request refused by the parser. ACK is never answered (RFC 3261 §17.2.1).</summary>
    public void Reply(SipMessage request, SipParseError error, SipDestination source)
    {
        using SipMessageWriter w = SipResponses.Start(request, error.Status, null, ResponseTags.New());
        w.Warning(agentName, error.Detail ?? "malformed request");
        if (error.Status == 501)
            w.Header(HeaderId.Allow, SipCapabilities.Allow);
        w.Finish();
        _ = sender.SendAsync(source, w.ToArray());
    }
}
