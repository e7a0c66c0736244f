using System.Runtime.CompilerServices;
using Palisade.Sip.Timers;

namespace Palisade.Sip.Tests.Timers;

public sealed class TimerWheelTests
{
    private sealed class Recorder(FakeClock clock) : ITimerTarget
    {
        public List<(int Tag, TimeSpan At)> Fired { get; } = [];

        public Action<int>? Then { get; set; }

        public void OnTimer(int tag)
        {
            Fired.Add((tag, clock.Elapsed));
            Then?.Invoke(tag);
        }
    }

    [Fact]
    public void Timer_fires_exactly_at_its_due_time_and_never_before()
    {
        var clock = new FakeClock();
        using var wheel = new TimerWheel(clock);
        var r = new Recorder(clock);

        TimerHandle handle = wheel.Schedule(TimeSpan.FromMilliseconds(500), r, 1);
        Assert.True(handle.IsScheduled);
        Assert.Equal(1, wheel.Count);

        clock.AdvanceMs(499);
        Assert.Empty(r.Fired);
        clock.AdvanceMs(1);
        Assert.Equal([(1, TimeSpan.FromMilliseconds(500))], r.Fired);
        Assert.False(handle.IsScheduled);
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void A_delay_between_ticks_is_rounded_up_so_it_never_fires_early()
    {
        var clock = new FakeClock();
        using var wheel = new TimerWheel(clock);
        var r = new Recorder(clock);
        clock.AdvanceMs(3);

        wheel.Schedule(TimeSpan.FromMilliseconds(15), r, 7); // due at 18 ms: fires on the 20 ms tick

        clock.AdvanceMs(14);
        Assert.Empty(r.Fired);
        clock.AdvanceMs(10);
        Assert.Equal(TimeSpan.FromMilliseconds(20), Assert.Single(r.Fired).At);
    }

    [Fact]
    public void Zero_delay_fires_on_the_next_tick()
    {
        var clock = new FakeClock();
        using var wheel = new TimerWheel(clock);
        var r = new Recorder(clock);

        wheel.Schedule(TimeSpan.Zero, r, 1);
        wheel.Schedule(TimeSpan.FromMilliseconds(-5), r, 2);

        clock.AdvanceMs(10);
        Assert.Equal(2, r.Fired.Count);
    }

    [Fact]
    public void Cancel_is_effective_once_and_reports_whether_the_timer_was_pending()
    {
        var clock = new FakeClock();
        using var wheel = new TimerWheel(clock);
        var r = new Recorder(clock);

        TimerHandle handle = wheel.Schedule(TimeSpan.FromSeconds(1), r, 1);
        Assert.True(handle.Cancel());
        Assert.False(handle.Cancel());
        Assert.False(handle.IsScheduled);
        Assert.Equal(0, wheel.Count);

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(r.Fired);
        Assert.False(default(TimerHandle).Cancel());
    }

    [Fact]
    public void A_stale_handle_cannot_cancel_the_pooled_node_reused_by_another_timer()
    {
        var clock = new FakeClock();
        using var wheel = new TimerWheel(clock);
        var r = new Recorder(clock);

        TimerHandle first = wheel.Schedule(TimeSpan.FromMilliseconds(10), r, 1);
        clock.AdvanceMs(10);
        TimerHandle second = wheel.Schedule(TimeSpan.FromMilliseconds(10), r, 2); // reuses the node

        Assert.False(first.Cancel());
        Assert.NotEqual(first, second);
        clock.AdvanceMs(10);
        Assert.Equal([1, 2], r.Fired.ConvertAll(f => f.Tag));
    }

    [Fact]
    public void Timers_longer_than_one_revolution_wait_their_rounds()
    {
        var clock = new FakeClock();
        using var wheel = new TimerWheel(clock, TimeSpan.FromMilliseconds(10), slots: 16); // one revolution = 160 ms
        var r = new Recorder(clock);

        wheel.Schedule(TimeSpan.FromMilliseconds(1000), r, 1);
        wheel.Schedule(TimeSpan.FromMilliseconds(40), r, 2); // same slot as 1000 ms (1000/10 = 100 = 6*16 + 4)

        clock.AdvanceMs(999);
        Assert.Equal([(2, TimeSpan.FromMilliseconds(40))], r.Fired);
        clock.AdvanceMs(1);
        Assert.Equal((1, TimeSpan.FromMilliseconds(1000)), r.Fired[1]);
    }

    [Fact]
    public void Timers_due_on_the_same_tick_fire_in_scheduling_order()
    {
        var clock = new FakeClock();
        using var wheel = new TimerWheel(clock);
        var r = new Recorder(clock);
        for (int i = 0; i < 5; i++)
            wheel.Schedule(TimeSpan.FromMilliseconds(100), r, i);

        clock.AdvanceMs(100);
        Assert.Equal([0, 1, 2, 3, 4], r.Fired.ConvertAll(f => f.Tag));
    }

    [Fact]
    public void A_callback_can_schedule_and_cancel_timers()
    {
        var clock = new FakeClock();
        using var wheel = new TimerWheel(clock);
        var r = new Recorder(clock);
        TimerHandle victim = wheel.Schedule(TimeSpan.FromMilliseconds(300), r, 99);
        r.Then = tag =>
        {
            if (tag == 1)
            {
                victim.Cancel();
                wheel.Schedule(TimeSpan.FromMilliseconds(100), r, 2);
            }
        };
        wheel.Schedule(TimeSpan.FromMilliseconds(100), r, 1);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([(1, TimeSpan.FromMilliseconds(100)), (2, TimeSpan.FromMilliseconds(200))], r.Fired);
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void A_throwing_callback_is_counted_and_does_not_stop_the_others()
    {
        var clock = new FakeClock();
        using var wheel = new TimerWheel(clock);
        var r = new Recorder(clock);
        wheel.Schedule(TimeSpan.FromMilliseconds(50), static _ => throw new InvalidOperationException("boom"), null);
        wheel.Schedule(TimeSpan.FromMilliseconds(50), r, 1);
        wheel.Schedule(TimeSpan.FromMilliseconds(60), r, 2);

        clock.AdvanceMs(100);
        Assert.Equal(1, wheel.CallbackErrors);
        Assert.Equal(2, r.Fired.Count);
    }

    [Fact]
    public void The_delegate_overload_passes_its_state_without_a_closure()
    {
        var clock = new FakeClock();
        using var wheel = new TimerWheel(clock);
        var seen = new List<object?>();
        wheel.Schedule(TimeSpan.FromMilliseconds(20), static s => ((List<object?>)s!).Add("x"), seen);

        clock.AdvanceMs(20);
        Assert.Equal(["x"], seen);
    }

    [Fact]
    public void One_platform_timer_drives_the_wheel_and_it_is_stopped_while_idle()
    {
        var clock = new FakeClock();
        using var wheel = new TimerWheel(clock);
        var r = new Recorder(clock);
        for (int i = 0; i < 100; i++)
            wheel.Schedule(TimeSpan.FromMilliseconds(10 * i), r, i);

        Assert.Equal(1, clock.CreatedTimers);
        Assert.Equal(1, clock.ArmedTimers);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(100, r.Fired.Count);
        Assert.Equal(0, clock.ArmedTimers);

        // After an hour idle the wheel restarts on the next schedule and keeps exact time.
        clock.Advance(TimeSpan.FromHours(1));
        TimeSpan start = clock.Elapsed;
        wheel.Schedule(TimeSpan.FromMilliseconds(500), r, 1000);
        clock.AdvanceMs(499);
        Assert.Equal(100, r.Fired.Count);
        clock.AdvanceMs(1);
        Assert.Equal(start + TimeSpan.FromMilliseconds(500), r.Fired[100].At);
        Assert.Equal(1, clock.CreatedTimers);
    }

    [Fact]
    public void A_clock_jump_longer_than_a_revolution_fires_everything_that_became_due()
    {
        var clock = new FakeClock();
        using var wheel = new TimerWheel(clock, TimeSpan.FromMilliseconds(10), slots: 16);
        var r = new Recorder(clock);
        wheel.Schedule(TimeSpan.FromMilliseconds(30), r, 1);
        wheel.Schedule(TimeSpan.FromMilliseconds(5000), r, 2);
        wheel.Schedule(TimeSpan.FromMilliseconds(9000), r, 3);

        // A stalled process: the platform timer fires once, 6 s late, instead of 600 times.
        clock.Stall(TimeSpan.FromMilliseconds(6000));
        Assert.Equal([1, 2], r.Fired.ConvertAll(f => f.Tag));
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal([1, 2, 3], r.Fired.ConvertAll(f => f.Tag));
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void Scheduling_and_cancelling_from_many_threads_is_safe()
    {
        var clock = new FakeClock();
        using var wheel = new TimerWheel(clock);
        var box = new StrongBox<int>();
        const int PerThread = 5000;
        Parallel.For(0, 4, t =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                TimerHandle h = wheel.Schedule(TimeSpan.FromMilliseconds(10 + (i % 2000)), static s => Interlocked.Increment(ref ((StrongBox<int>)s!).Value), box);
                if (i % 2 == 0)
                    Assert.True(h.Cancel());
            }
        });
        Assert.Equal(4 * PerThread / 2, wheel.Count);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(4 * PerThread / 2, box.Value);
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void Dispose_stops_the_driving_timer_and_refuses_new_timers()
    {
        var clock = new FakeClock();
        var wheel = new TimerWheel(clock);
        wheel.Schedule(TimeSpan.FromSeconds(1), static _ => { }, null);
        wheel.Dispose();

        Assert.Equal(0, clock.ArmedTimers);
        Assert.Throws<ObjectDisposedException>(() => wheel.Schedule(TimeSpan.FromSeconds(1), static _ => { }, null));
    }
}
