using Palisade.Sip.Message;
using Palisade.Testing;
using Palisade.Sip.Transport;

namespace Palisade.Sip.Tests.Transaction;

/// <summary>An <see cref="ISipSender"/> that records what was sent and when; it can be told to fail.</summary>
internal sealed class RecordingSender(FakeClock clock) : ISipSender
{
    public List<Sent> Messages { get; } = [];

    /// <summary>When set, every send fails (the transport refused it).</summary>
    public bool Fail { get; set; }

    public ValueTask<bool> SendAsync(SipDestination destination, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        Messages.Add(new Sent(destination, message.ToArray(), clock.Elapsed));
        return new ValueTask<bool>(!Fail);
    }

    public SipMessage Parse(int index) => SipParser.ParseFramed(Messages[index].Bytes, out _)!;

    public SipMessage Last => Parse(Messages.Count - 1);

    /// <summary>Times (in seconds) at which messages starting with <paramref name="startLine"/> were sent.</summary>
    public List<double> TimesOf(string startLine)
    {
        var times = new List<double>();
        foreach (Sent s in Messages)
        {
            if (s.Text.StartsWith(startLine, StringComparison.Ordinal))
                times.Add(s.At.TotalSeconds);
        }
        return times;
    }

    public int CountOf(string startLine) => TimesOf(startLine).Count;

    internal sealed record Sent(SipDestination Destination, byte[] Bytes, TimeSpan At)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Bytes);
    }
}
