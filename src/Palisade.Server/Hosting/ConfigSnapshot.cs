using Palisade.Routing.Model;

namespace Palisade.Server.Hosting;

/// <summary>
/// The current configuration snapshot: replaced as a whole (one reference write), read lock-free by every call setup.
/// Calls keep the snapshot they started with (DESIGN.md §2).
/// </summary>
internal sealed class ConfigSnapshot(PalisadeConfigModel initial)
{
    private PalisadeConfigModel _current = initial;

    public PalisadeConfigModel Current => Volatile.Read(ref _current);

    public void Swap(PalisadeConfigModel next) => Volatile.Write(ref _current, next);
}
