using System.Diagnostics;
using System.Text;

namespace Palisade.Interop.Tests.Infrastructure;

/// <summary>The outcome of running an external program (a real SIP peer) to completion.</summary>
internal sealed record ToolResult(int ExitCode, string Output, bool TimedOut)
{
    public override string ToString() => $"exit {ExitCode}{(TimedOut ? " (timed out)" : "")}\n{Output}";
}

/// <summary>Runs Debian-packaged tools (sipsak, sipp, openssl…) with a hard time limit.</summary>
internal static class ToolRun
{
    private static readonly TimeSpan StdinGrace = TimeSpan.FromSeconds(2);

    public static string Require(string tool)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException($"'{tool}' is not installed: run ./test.sh, which installs the interop peers (apt-get install sip-tester sipsak)");
    }

    public static async Task<ToolResult> RunAsync(string tool, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(Require(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        if (environment is not null)
        {
            foreach (KeyValuePair<string, string> e in environment)
                psi.Environment[e.Key] = e.Value;
        }
        using var process = new Process { StartInfo = psi };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            await process.StandardInput.FlushAsync();
        }
        using var cts = new CancellationTokenSource(timeout);
        bool timedOut = false;
        if (stdin is not null)
        {
            // Keep stdin open briefly: tools such as `openssl s_client` exit at EOF before the answer arrives.
            _ = Task.Delay(StdinGrace, CancellationToken.None).ContinueWith(_ => { try { process.StandardInput.Close(); } catch (InvalidOperationException) { } }, TaskScheduler.Default);
        }
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.WaitForExit(); // flush async output handlers
        lock (output)
            return new ToolResult(timedOut ? -1 : process.ExitCode, output.ToString(), timedOut);
    }
}
