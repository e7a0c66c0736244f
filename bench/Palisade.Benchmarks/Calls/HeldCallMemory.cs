using System.Globalization;

namespace Palisade.Benchmarks.Calls;

/// <summary>
/// Managed memory per established call (DESIGN.md §7 target: ≤ 4 KiB above idle): N calls set up in-process and
/// answered, the clock moved past every set-up transaction's lifetime (64·T1), then the managed heap after a full GC
/// is compared with the heap before. RSS-based figures (bench/load/held-calls.sh) include GC slack; this does not.
/// </summary>
internal static class HeldCallMemory
{
    public static void Run(int calls)
    {
        var clock = new ManualClock();
        var b2bua = new InProcessB2bua(clock);
        // Warm up: JIT, pools, dictionaries' first growth.
        for (int i = 0; i < 200; i++)
            b2bua.HangUp(b2bua.Establish(-1 - i), -1 - i);
        clock.Advance(TimeSpan.FromSeconds(40), TimeSpan.FromMilliseconds(10));
        long before = Heap();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            b2bua.HangUp(b2bua.Establish(-10_000 - i), -10_000 - i);
        long perCall = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1000;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocated per call (set-up, answer, ACK, BYE; in-process peers included): {perCall} bytes"));
        clock.Advance(TimeSpan.FromSeconds(40), TimeSpan.FromMilliseconds(10));
        before = Heap();

        var callIds = new string[calls];
        for (int i = 0; i < calls; i++)
            callIds[i] = b2bua.Establish(i);
        // Past Timer L/M (32 s): only the dialogs remain, as in a long call.
        clock.Advance(TimeSpan.FromSeconds(40), TimeSpan.FromMilliseconds(10));
        long held = Heap();
        int active = b2bua.Engine.ActiveCalls;

        for (int i = 0; i < calls; i++)
            b2bua.HangUp(callIds[i], i);
        clock.Advance(TimeSpan.FromSeconds(40), TimeSpan.FromMilliseconds(10));
        long after = Heap();
        GC.KeepAlive(callIds);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"held-memory: {calls} calls established ({active} active), managed heap {before / 1024} KiB idle -> {held / 1024} KiB held -> {after / 1024} KiB after hang-up; {(held - before) / (double)calls:F0} bytes per held call ({(held - before) / 1024.0 / calls:F2} KiB), legs left {b2bua.Engine.LegCount}, records {b2bua.Records}"));
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
