using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Palisade.Interop.Tests.Infrastructure;

namespace Palisade.Interop.Tests.Calls;

/// <summary>
/// One SIPp process playing a SIP peer (a carrier, a PBX or the Teams side) with a scenario from Scenarios/calls. It
/// logs every message it sends and receives (<c>-trace_msg</c>), its errors, its final screen and its statistics in
/// the test's trace directory, so a failing test shows exactly what each side saw.
/// </summary>
internal sealed class SippPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _commandLine;

    private SippPeer(Process process, string name, string scenario, IPAddress address, int port, bool tcp, string directory, string commandLine)
    {
        _process = process;
        Name = name;
        Scenario = scenario;
        Address = address;
        Port = port;
        Tcp = tcp;
        _commandLine = commandLine;
        MessageFile = Path.Combine(directory, name + ".msg.log");
        ErrorFile = Path.Combine(directory, name + ".errors.log");
        ScreenFile = Path.Combine(directory, name + ".screen.log");
        StatFile = Path.Combine(directory, name + ".stat.csv");
        LogFile = Path.Combine(directory, name + ".actions.log");
    }

    public string Name { get; }

    public string Scenario { get; }

    public IPAddress Address { get; }

    public int Port { get; }

    public bool Tcp { get; }

    public string MessageFile { get; }

    public string ErrorFile { get; }

    public string ScreenFile { get; }

    public string StatFile { get; }

    public string LogFile { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>SIPp's exit code: 0 every call succeeded, 1 at least one failed, 99 no call was processed, 255 fatal.</summary>
    public int ExitCode => _process.HasExited ? _process.ExitCode : -1;

    public bool TimedOut { get; private set; }

    /// <summary>Everything this peer sent and received, in order.</summary>
    public List<TracedMessage> Messages => TracedMessage.ReadFile(MessageFile);

    public List<TracedMessage> Received => Messages.Where(m => m.Direction == SipDirection.Received).ToList();

    public List<TracedMessage> Sent => Messages.Where(m => m.Direction == SipDirection.Sent).ToList();

    /// <summary>Requests received with this method.</summary>
    public List<TracedMessage> ReceivedRequests(string method) => Received.Where(m => m.Method == method).ToList();

    /// <summary>Responses received to requests of <paramref name="cseqMethod"/>.</summary>
    public List<TracedMessage> ReceivedResponses(string cseqMethod) => Received.Where(m => !m.IsRequest && m.CSeqMethod == cseqMethod).ToList();

    /// <summary>
    /// Starts SIPp. <paramref name="remote"/> is the host:port a UAC sends to (null for a UAS); <paramref name="args"/>
    /// are scenario options (-s, -key, -d, -m, -timeout…).
    /// </summary>
    public static SippPeer Start(string directory, string name, string scenario, IPAddress address, int port, bool tcp, string? remote, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(ToolRun.Require("sipp"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        var all = new List<string>
        {
            "-sf", RepoPaths.Scenario(Path.Combine("calls", scenario)),
            "-t", tcp ? "t1" : "u1",
            "-i", address.ToString(),
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-nostdin",
            "-trace_msg", "-message_file", Path.Combine(directory, name + ".msg.log"),
            "-trace_err", "-error_file", Path.Combine(directory, name + ".errors.log"),
            "-trace_screen", "-screen_file", Path.Combine(directory, name + ".screen.log"),
            "-trace_stat", "-stf", Path.Combine(directory, name + ".stat.csv"),
            "-trace_logs", "-log_file", Path.Combine(directory, name + ".actions.log"),
        };
        all.AddRange(args);
        if (remote is not null)
            all.Add(remote);
        foreach (string a in all)
            psi.ArgumentList.Add(a);

        var process = new Process { StartInfo = psi };
        var peer = new SippPeer(process, name, scenario, address, port, tcp, directory, "sipp " + string.Join(' ', all.Select(a => a.Contains(' ', StringComparison.Ordinal) ? "'" + a + "'" : a)));
        process.OutputDataReceived += (_, e) => peer.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => peer.OnOutput(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits until SIPp has bound its listening socket (a UAS must before the call is placed).</summary>
    public Task WaitListeningAsync() =>
        PortTable.WaitBoundAsync(Address, Port, Tcp, () => _process.HasExited, () => Describe() + "\noutput:\n" + Output, TimeSpan.FromSeconds(10));

    /// <summary>Waits for SIPp to finish; kills it after <paramref name="limit"/> (then <see cref="TimedOut"/>).</summary>
    public async Task<int> WaitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            TimedOut = true;
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        _process.WaitForExit(); // flush the output handlers
        return _process.ExitCode;
    }

    /// <summary>Calls SIPp counted as successful and failed (statistics file, cumulative columns).</summary>
    public (int Successful, int Failed) Statistics()
    {
        if (!File.Exists(StatFile))
            return (-1, -1);
        string[] lines = File.ReadAllLines(StatFile).Where(l => l.Length > 0).ToArray();
        if (lines.Length < 2)
            return (-1, -1);
        string[] header = lines[0].Split(';');
        string[] last = lines[^1].Split(';');
        int Column(string name)
        {
            int i = Array.IndexOf(header, name);
            return i >= 0 && i < last.Length && int.TryParse(last[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : -1;
        }
        return (Column("SuccessfulCall(C)"), Column("FailedCall(C)"));
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Everything about this peer a failure report needs: command, exit, errors, statistics, and every message.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append("== SIPp ").Append(Name).Append(" (").Append(Scenario).Append(") on ").Append(Address).Append(':').Append(Port)
            .Append(Tcp ? " TCP" : " UDP").Append(": ")
            .Append(_process.HasExited ? "exit " + _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "still running")
            .Append(TimedOut ? " (killed at the test's time limit)" : "").Append('\n');
        sb.Append(_commandLine).Append('\n');
        (int ok, int failed) = Statistics();
        sb.Append("statistics: ").Append(ok).Append(" successful, ").Append(failed).Append(" failed\n");
        if (File.Exists(ErrorFile))
            sb.Append("errors:\n").Append(Tail(ReadShared(ErrorFile), 3000)).Append('\n');
        if (File.Exists(LogFile) && new FileInfo(LogFile).Length > 0)
            sb.Append("actions log:\n").Append(Tail(ReadShared(LogFile), 1000)).Append('\n');
        List<TracedMessage> messages = Messages;
        sb.Append("flow: ").Append(messages.Count == 0 ? "(no message)" : string.Join(" | ", messages.Select(m => m.Summary))).Append('\n');
        foreach (TracedMessage m in messages)
            sb.Append(m).Append('\n');
        return sb.ToString();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            // SIPp redraws its screen every second: keep the end only.
            if (_output.Length > 16384)
                _output.Remove(0, _output.Length - 8192);
            _output.AppendLine(line);
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Tail(string text, int max) => text.Length <= max ? text : "…" + text[^max..];

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        _process.Dispose();
    }
}
