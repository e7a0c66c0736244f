using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Palisade.Routing.Config;
using Palisade.Routing.Model;
using Palisade.Server.Hosting;

namespace Palisade.Server.Cli;

/// <summary>
/// <c>palisade run [--config FILE]</c>: starts the SBC. Without a file it runs the embedded default (loopback
/// listeners, ./data, a generated lab CA), so one command gives a working node.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config", "-c") { Description = "Configuration file (palisade.yaml); the embedded default when absent" };
        var json = new Option<bool>("--json-logs") { Description = "Write logs as JSON lines" };
        var command = new Command("run", "Run the SBC") { config, json };
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(config), parse.GetValue(json), cancel));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, bool jsonLogs, CancellationToken cancel)
    {
        long started = Stopwatch.GetTimestamp();
        using ILoggerFactory loggers = LoggerFactory.Create(b =>
        {
            if (jsonLogs)
                b.AddJsonConsole();
            else
                b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        });
        ILogger log = loggers.CreateLogger("palisade");

        PalisadeConfigModel model;
        if (file is null)
        {
            model = PalisadeConfigModel.EmbeddedDefault;
            log.LogInformation("No --config given: running the embedded default (data in {Data})", Path.GetFullPath(model.Node.DataDirectory));
        }
        else
        {
            ConfigLoadResult result = ConfigLoader.LoadFile(file.FullName);
            if (result.Model is null)
            {
                foreach (ConfigError e in result.Errors)
                    await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
                await Console.Error.WriteLineAsync($"{file.FullName}: configuration refused, nothing started").ConfigureAwait(false);
                return 2;
            }
            model = result.Model;
            log.LogInformation("Configuration {File}: {Summary}", file.FullName, CheckCommand.Summary(model));
        }

        PalisadeNode node;
        try
        {
            node = PalisadeNode.Start(model, loggers, TimeProvider.System);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or ArgumentException
                                       or System.Security.Cryptography.CryptographicException or Palisade.Sip.Transport.Tls.CertificateLoadException)
        {
            log.LogCritical("Cannot start: {Reason}", ex.Message);
            return 3;
        }

        // Hot reload: a changed file is validated and swapped in whole, or refused with its errors logged.
        using ConfigWatcher? watcher = file is null ? null : new ConfigWatcher(file.FullName, node.Snapshot, loggers.CreateLogger("palisade.config"), TimeProvider.System);
        await using (node.ConfigureAwait(false))
        {
            log.LogInformation("Palisade {Node} ({Fqdn}) ready in {Ms} ms", model.Node.Name, model.Node.Fqdn, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            try
            {
                await Task.Delay(Timeout.Infinite, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                log.LogInformation("Stopping");
            }
        }
        return 0;
    }
}
