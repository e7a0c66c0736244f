using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Palisade.Sip.Tests.Transport;

/// <summary>Keeps formatted log lines so tests can check that a refusal was reported.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _lines.Enqueue(logLevel + ": " + formatter(state, exception));

    public bool Contains(string text)
    {
        foreach (string line in _lines)
        {
            if (line.Contains(text, StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}
