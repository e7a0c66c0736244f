using Microsoft.Extensions.Logging;
using Palisade.Routing.Config;
using Palisade.Routing.Model;

namespace Palisade.Server.Hosting;

/// <summary>
/// Hot reload (DESIGN.md §2): watches the configuration file, validates a changed file as a whole and swaps the
/// snapshot atomically. A file with errors is refused with every reason logged and the running snapshot keeps
/// serving; calls in progress keep the snapshot they started with. Listener, TLS and node settings bind sockets and
/// certificates at start: a change to them is refused with a message saying a restart applies it.
/// </summary>
internal sealed class ConfigWatcher : IDisposable
{
    /// <summary>Editors write a file in several steps (truncate, write, rename): wait for the burst to settle.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly string _path;
    private readonly ConfigSnapshot _snapshot;
    private readonly ILogger _log;
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _debounce;
    private readonly Lock _gate = new();
    private string? _lastText;

    public ConfigWatcher(string path, ConfigSnapshot snapshot, ILogger log, TimeProvider time)
    {
        _path = Path.GetFullPath(path);
        _snapshot = snapshot;
        _log = log;
        _lastText = TryRead(_path);
        _debounce = time.CreateTimer(static s => ((ConfigWatcher)s!).Reload(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += OnChanged;
        _watcher.Created += OnChanged;
        _watcher.Renamed += OnChanged;
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Snapshots applied since start (for tests and the log).</summary>
    public int Applied { get; private set; }

    /// <summary>Changed files refused since start.</summary>
    public int Refused { get; private set; }

    private void OnChanged(object sender, FileSystemEventArgs e) => _debounce.Change(Settle, Timeout.InfiniteTimeSpan);

    /// <summary>Loads the file now (also used by SIGHUP-style triggers and tests).</summary>
    public void Reload()
    {
        lock (_gate)
        {
            string? text = TryRead(_path);
            if (text is null || string.Equals(text, _lastText, StringComparison.Ordinal))
                return; // unchanged content (a touch, or a second event of the same write)
            _lastText = text;
            ConfigLoadResult result = ConfigLoader.LoadText(text, _path);
            if (result.Model is not { } next)
            {
                Refused++;
                foreach (ConfigError e in result.Errors)
                    _log.LogError("config reload: {Error}", e.ToString());
                _log.LogError("config reload: {File} refused ({Count} errors); the running configuration keeps serving", _path, result.Errors.Count);
                return;
            }
            if (RestartOnlyChange(_snapshot.Current, next) is { } what)
            {
                Refused++;
                _log.LogError("config reload: {File} changes {What}, which only a restart applies; refused, the running configuration keeps serving", _path, what);
                return;
            }
            _snapshot.Swap(next);
            Applied++;
            _log.LogInformation("config reload: {File} applied ({Summary}); calls in progress keep their routing", _path, Cli.CheckCommand.Summary(next));
        }
    }

    private static string? RestartOnlyChange(PalisadeConfigModel current, PalisadeConfigModel next)
    {
        if (current.Listeners.Length != next.Listeners.Length)
            return "the listeners";
        for (int i = 0; i < current.Listeners.Length; i++)
        {
            if (current.Listeners[i] != next.Listeners[i])
                return "listener '" + next.Listeners[i].Name + "'";
        }
        if (current.Tls != next.Tls)
            return "the TLS settings";
        if (current.Node != next.Node)
            return "the node settings";
        return null;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null; // mid-write or gone: the next event retries
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _debounce.Dispose();
    }
}
