using BenchmarkDotNet.Running;

namespace Palisade.Benchmarks;

internal static class Program
{
    public static void Main(string[] args)
    {
        // `held-memory [N]`: managed bytes per established call, measured in-process (no BenchmarkDotNet run).
        if (args.Length > 0 && args[0] == "held-memory")
        {
            Calls.HeldCallMemory.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
