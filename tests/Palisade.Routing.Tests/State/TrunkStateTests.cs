using Palisade.Routing.Model;
using Palisade.Routing.State;
using Palisade.Routing.Tests.Engine;

namespace Palisade.Routing.Tests.State;

public sealed class TrunkStateTests
{
    private readonly FakeClock clock = new();
    private readonly RoutingState state;
    private readonly TrunkModel teams = TestWorld.Standard.Trunk("teams");       // two endpoints, probed
    private readonly TrunkModel carrier = TestWorld.Standard.Trunk("carrier-b"); // one endpoint, probed

    public TrunkStateTests()
    {
        state = new RoutingState(clock);
    }

    [Fact]
    public void Max_calls_limits_concurrent_calls_and_release_frees_a_slot()
    {
        var model = carrier with { MaxCalls = 2 };
        var trunk = state.GetTrunk(model.Id);

        Assert.True(trunk.TryAcquire(model));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(trunk.TryAcquire(model));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(trunk.TryAcquire(model, out var reason));
        Assert.Equal("trunk carrier-b at its limit of 2 concurrent calls", reason);
        Assert.Equal(2, trunk.ActiveCalls);
        Assert.False(state.HasCapacity(model));

        trunk.Release();
        Assert.True(state.HasCapacity(model));
        Assert.True(trunk.TryAcquire(model));
        Assert.Equal(2, state.ActiveCalls(model));
    }

    [Fact]
    public void Releasing_more_than_acquired_never_goes_below_zero()
    {
        var trunk = state.GetTrunk("carrier-b");

        trunk.Release();
        trunk.Release();

        Assert.Equal(0, trunk.ActiveCalls);
        var model = carrier with { MaxCalls = 1 };
        Assert.True(trunk.TryAcquire(model));
        Assert.False(trunk.TryAcquire(model));
    }

    [Fact]
    public void Calls_per_second_count_in_one_second_windows()
    {
        var model = carrier with { MaxCallsPerSecond = 2 };
        var trunk = state.GetTrunk(model.Id);

        Assert.True(trunk.TryAcquire(model));
        Assert.True(trunk.TryAcquire(model));
        Assert.False(trunk.TryAcquire(model, out var reason));
        Assert.Equal("trunk carrier-b at its limit of 2 calls per second", reason);
        // The refused call took no concurrent slot.
        Assert.Equal(2, trunk.ActiveCalls);
        Assert.Equal(2, trunk.CallsThisSecond);
        Assert.False(state.HasCapacity(model));

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(trunk.TryAcquire(model));

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, trunk.CallsThisSecond);
        Assert.True(state.HasCapacity(model));
        Assert.True(trunk.TryAcquire(model));
        Assert.True(trunk.TryAcquire(model));
        Assert.False(trunk.TryAcquire(model));
        Assert.Equal(4, trunk.ActiveCalls);
    }

    [Fact]
    public void Limits_come_from_the_model_passed_in_so_a_reload_applies_at_once()
    {
        var trunk = state.GetTrunk(carrier.Id);
        var before = carrier with { MaxCalls = 1 };
        var after = carrier with { MaxCalls = 3 };

        Assert.True(trunk.TryAcquire(before));
        Assert.False(trunk.TryAcquire(before));
        Assert.True(trunk.TryAcquire(after));
        Assert.Same(trunk, state.GetTrunk(after.Id));
        Assert.Equal(2, state.ActiveCalls(after));
        // Lowering the limit below the calls in progress refuses new ones but ends none.
        Assert.False(trunk.TryAcquire(before));
        Assert.Equal(2, trunk.ActiveCalls);
    }

    [Fact]
    public void Max_calls_zero_takes_no_call_even_without_state()
    {
        var closed = carrier with { MaxCalls = 0 };

        Assert.False(state.HasCapacity(closed));
        Assert.False(state.GetTrunk(closed.Id).TryAcquire(closed));
    }

    [Fact]
    public void Mark_down_and_up()
    {
        var trunk = state.GetTrunk(carrier.Id);

        trunk.MarkDown();
        Assert.False(trunk.IsUp);
        Assert.False(state.IsUp(carrier));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.False(state.IsUp(carrier));

        trunk.MarkUp();
        Assert.True(trunk.IsUp);
        Assert.True(state.IsUp(carrier));
    }

    [Fact]
    public void Mark_down_until_ends_by_itself()
    {
        var trunk = state.GetTrunk(carrier.Id);

        trunk.MarkDown(TimeSpan.FromSeconds(30));

        Assert.False(state.IsUp(carrier));
        Assert.Equal(TimeSpan.FromSeconds(30), trunk.HeldFor);
        clock.Advance(TimeSpan.FromSeconds(29.9));
        Assert.False(state.IsUp(carrier));
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(state.IsUp(carrier));
        Assert.True(trunk.IsUp);
        Assert.Null(trunk.HeldFor);
    }

    [Fact]
    public void A_trunk_is_up_while_any_endpoint_is_up()
    {
        var trunk = state.GetTrunk(teams.Id);

        trunk.GetEndpoint(0).MarkDown();
        Assert.True(state.IsUp(teams));
        Assert.False(trunk.IsEndpointUsable(teams, 0));
        Assert.True(trunk.IsEndpointUsable(teams, 1));

        trunk.GetEndpoint(1).MarkDown();
        Assert.False(state.IsUp(teams));
        Assert.False(trunk.IsUp);

        trunk.GetEndpoint(1).MarkUp();
        Assert.True(state.IsUp(teams));
    }

    [Fact]
    public void An_endpoint_retry_after_hold_ends_by_itself()
    {
        var trunk = state.GetTrunk(carrier.Id);

        trunk.GetEndpoint(0).MarkDown(TimeSpan.FromSeconds(5));
        Assert.False(state.IsUp(carrier));
        Assert.False(trunk.GetEndpoint(0).IsUp);

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(state.IsUp(carrier));
        Assert.True(trunk.GetEndpoint(0).IsUp);
    }

    [Fact]
    public void Endpoints_the_current_model_no_longer_has_do_not_keep_a_trunk_up()
    {
        var trunk = state.GetTrunk(teams.Id);
        trunk.GetEndpoint(0).MarkDown();
        // After a reload the trunk has only its first endpoint; the old second one is still marked up.
        var reloaded = teams with { Endpoints = [teams.Endpoints[0]] };

        Assert.True(state.IsUp(teams));
        Assert.False(state.IsUp(reloaded));
    }

    [Fact]
    public void Without_a_probe_a_trunk_is_up_except_during_a_retry_after_hold()
    {
        var unprobed = carrier with { Probe = carrier.Probe with { Enabled = false } };
        var trunk = state.GetTrunk(unprobed.Id);

        trunk.MarkDown();
        trunk.GetEndpoint(0).MarkDown();
        Assert.True(state.IsUp(unprobed));

        trunk.MarkDown(TimeSpan.FromSeconds(10));
        Assert.False(state.IsUp(unprobed));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(state.IsUp(unprobed));
    }

    [Fact]
    public void Reading_unknown_trunks_creates_nothing_and_says_up_and_idle()
    {
        var fresh = new RoutingState(clock);

        Assert.True(fresh.IsUp(teams));
        Assert.True(fresh.HasCapacity(teams));
        Assert.Equal(0, fresh.ActiveCalls(teams));
        Assert.Equal(0, fresh.ActiveCalls(TestWorld.Standard.TenantsById["contoso"]));
    }

    [Fact]
    public void Concurrent_acquires_never_exceed_the_limit()
    {
        var model = carrier with { MaxCalls = 50 };
        var trunk = new RoutingState().GetTrunk(model.Id);
        var peak = 0;
        var taken = 0;

        Parallel.For(0, 40_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            if (!trunk.TryAcquire(model))
            {
                return;
            }

            Interlocked.Increment(ref taken);
            var now = trunk.ActiveCalls;
            InterlockedMax(ref peak, now);
            trunk.Release();
        });

        Assert.InRange(peak, 1, 50);
        Assert.True(taken > 0);
        Assert.Equal(0, trunk.ActiveCalls);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
