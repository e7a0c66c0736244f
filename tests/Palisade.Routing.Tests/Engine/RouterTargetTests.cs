using Palisade.Routing.Engine;
using Palisade.Routing.Model;

namespace Palisade.Routing.Tests.Engine;

/// <summary>Target order (ordered, weighted, least-cost), skipping, 503, forward-on-failure, Teams number checks.</summary>
public sealed class RouterTargetTests
{
    private static readonly DateTimeOffset Monday10 = new(2025, 6, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly PalisadeConfigModel Weighted = TestWorld.WithRoutes("""
        routes:
          - id: spread
            from: [teams]
            select: weighted
            to: [{ trunk: carrier-c, weight: 10 }, { trunk: carrier-a, weight: 70 }, { trunk: carrier-b, weight: 20 }]
        """);

    private static RouteDecision Decide(PalisadeConfigModel config, string from, string calling, string called, FakeState? state = null, string? name = null, int? seed = null) =>
        Router.Decide(config, new RouteQuery(config.Trunk(from), calling, called, Monday10, null, name, seed), state ?? FakeState.AllUp);

    private static string[] Order(RouteDecision d) => [.. d.Targets.Select(t => t.Trunk.Id)];

    [Fact]
    public void Ordered_targets_keep_the_written_order()
    {
        var config = TestWorld.WithRoutes("""
            routes:
              - { id: out, from: [teams], to: [carrier-b, carrier-c, carrier-a] }
            """);

        var d = Decide(config, "teams", "+14255550100", "+33123456789");

        Assert.Equal(["carrier-b", "carrier-c", "carrier-a"], Order(d));
        Assert.Equal(["#1 in written order", "#2 in written order", "#3 in written order"], d.Targets.Select(t => t.Reason));
        Assert.All(d.Targets, t => Assert.False(t.Skipped));
    }

    [Fact]
    public void Least_cost_puts_the_cheapest_first_and_trunks_without_a_price_last()
    {
        var d = Decide(TestWorld.Standard, "teams", "+14255550100", "+442071230100");

        Assert.Equal(["carrier-b", "carrier-a", "carrier-c"], Order(d));
        Assert.Equal("cheapest: 0.0050 USD/min", d.Targets[0].Reason);
        Assert.Equal(0.0050m, d.Targets[0].PricePerMinute);
        Assert.Equal("USD", d.Targets[0].Currency);
        Assert.Equal("0.0065 USD/min", d.Targets[1].Reason);
        Assert.Equal("no rate for +442071230100", d.Targets[2].Reason);
        Assert.Null(d.Targets[2].PricePerMinute);
        Assert.False(d.Targets[2].Skipped);
        Assert.Contains("expected cost: 0.0050 USD/min via carrier-b", d.Explanation);

        var us = Decide(TestWorld.Standard, "teams", "+14255550100", "+12065550123");
        Assert.Equal(["carrier-c", "carrier-a", "carrier-b"], Order(us));
        Assert.Equal("cheapest: 0.0010 EUR/min", us.Targets[0].Reason);
    }

    [Fact]
    public void Least_cost_skips_a_down_cheapest_trunk_but_keeps_it_listed()
    {
        var state = new FakeState();
        state.Down.Add("carrier-b");

        var d = Decide(TestWorld.Standard, "teams", "+14255550100", "+442071230100", state);

        Assert.True(d.Routed);
        Assert.Equal(["carrier-b", "carrier-a", "carrier-c"], Order(d));
        Assert.True(d.Targets[0].Skipped);
        Assert.Equal("down (probe or Retry-After hold)", d.Targets[0].Reason);
        Assert.Contains("expected cost: 0.0065 USD/min via carrier-a", d.Explanation);
        Assert.Contains("target 1: carrier-b, skipped: down (probe or Retry-After hold); called +442071230100, calling +14255550100, 0.0050 USD/min", d.Explanation);
    }

    [Fact]
    public void Full_trunks_are_skipped_with_their_load()
    {
        var state = new FakeState();
        state.TrunkCalls["carrier-a"] = 10;
        state.RateFull.Add("carrier-b");

        var d = Decide(TestWorld.Standard, "teams", "+14255550100", "+442071230100", state);

        Assert.Equal("full (10/10 calls)", d.Targets.Single(t => t.Trunk.Id == "carrier-a").Reason);
        Assert.True(d.Targets.Single(t => t.Trunk.Id == "carrier-b").Skipped);
        Assert.Equal("full", d.Targets.Single(t => t.Trunk.Id == "carrier-b").Reason);
        Assert.False(d.Targets.Single(t => t.Trunk.Id == "carrier-c").Skipped);
        Assert.True(d.Routed);
    }

    [Fact]
    public void Every_target_skipped_is_503_with_retry_after_and_each_reason()
    {
        var state = new FakeState();
        state.Down.UnionWith(["carrier-a", "carrier-b"]);
        state.TrunkCalls["carrier-c"] = 0;
        state.RateFull.Add("carrier-c");

        var d = Decide(TestWorld.Standard, "teams", "+14255550100", "+442071230100", state);

        Assert.False(d.Routed);
        Assert.Equal(503, d.RejectStatus);
        Assert.Equal(30, d.RetryAfterSeconds);
        Assert.Equal(
            "no usable target for +442071230100 on route outbound: carrier-b down (probe or Retry-After hold), carrier-a down (probe or Retry-After hold), carrier-c full",
            d.RejectReason);
        Assert.Equal(3, d.Targets.Length);
        Assert.All(d.Targets, t => Assert.True(t.Skipped));
        Assert.Equal("outbound", d.Route!.Id);
    }

    [Fact]
    public void Every_target_skipped_goes_straight_to_a_usable_forward_on_failure()
    {
        var state = new FakeState();
        state.Down.Add("teams");

        var d = Decide(TestWorld.Standard, "carrier-b", "+12065550123", "+14255550100", state, name: "Jane Doe");

        Assert.True(d.Routed);
        Assert.Equal(0, d.RejectStatus);
        Assert.True(Assert.Single(d.Targets).Skipped);
        var fof = d.ForwardOnFailure!;
        Assert.True(fof.IsForwardOnFailure);
        Assert.False(fof.Skipped);
        Assert.Equal("carrier-a", fof.Trunk.Id);
        Assert.Equal("0014255550999", fof.CalledOut); // carrier-a's out rule: +X -> 00X
        Assert.Equal("+12065550123", fof.CallingOut);  // that rule is for the called number only
        Assert.Equal("Fail-over Jane Doe", fof.CallingDisplayName);
        Assert.Equal(0.0040m, fof.PricePerMinute);
        Assert.Contains("routed: every target is skipped, so straight to forward-on-failure 0014255550999 via carrier-a", d.Explanation);
    }

    [Fact]
    public void Forward_on_failure_is_offered_after_the_targets_with_the_label_alone_without_a_caller_name()
    {
        var d = Decide(TestWorld.Standard, "carrier-b", "+12065550123", "+14255550100");

        Assert.True(d.Routed);
        Assert.False(Assert.Single(d.Targets).Skipped);
        Assert.Equal("Fail-over", d.ForwardOnFailure!.CallingDisplayName);
        Assert.Null(d.Targets[0].CallingDisplayName);
        Assert.Contains("routed: 1 of 1 target to try, first teams, then forward-on-failure to 0014255550999 via carrier-a", d.Explanation);
    }

    [Fact]
    public void Every_target_and_the_forward_trunk_down_is_503()
    {
        var state = new FakeState();
        state.Down.UnionWith(["teams", "carrier-a"]);

        var d = Decide(TestWorld.Standard, "carrier-b", "+12065550123", "+14255550100", state);

        Assert.False(d.Routed);
        Assert.Equal(503, d.RejectStatus);
        Assert.True(d.ForwardOnFailure!.Skipped);
        Assert.EndsWith("forward-on-failure via carrier-a down (probe or Retry-After hold)", d.RejectReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_that_is_not_direct_routing_is_404_toward_teams_without_forward_on_failure()
    {
        var d = Decide(TestWorld.Standard, "carrier-b", "+12065550123", "+14255550300");

        Assert.False(d.Routed);
        Assert.Equal(404, d.RejectStatus);
        Assert.Equal("+14255550300 is not a Direct Routing number (operator-connect)", d.RejectReason);
        Assert.Null(d.ForwardOnFailure);
        Assert.Null(d.RetryAfterSeconds);
    }

    [Fact]
    public void A_number_missing_from_the_inventory_is_404_toward_teams()
    {
        var d = Decide(TestWorld.Standard, "carrier-b", "+12065550123", "+14255559999");

        Assert.Equal(404, d.RejectStatus);
        Assert.Equal("+14255559999 is not in the number inventory", d.RejectReason);
    }

    [Fact]
    public void A_teams_target_that_cannot_take_the_number_is_skipped_when_another_target_can()
    {
        var config = TestWorld.WithRoutes("""
            routes:
              - { id: in, from: [carrier-b], to: [teams, carrier-a] }
            """);

        var d = Decide(config, "carrier-b", "+12065550123", "+14255550300");

        Assert.True(d.Routed);
        Assert.Equal("+14255550300 is not a Direct Routing number (operator-connect)", d.Targets[0].Reason);
        Assert.True(d.Targets[0].Skipped);
        Assert.False(d.Targets[1].Skipped);
    }

    [Fact]
    public void A_permanent_and_a_temporary_skip_together_are_503_not_404()
    {
        var config = TestWorld.WithRoutes("""
            routes:
              - { id: in, from: [carrier-b], to: [teams, carrier-a] }
            """);
        var state = new FakeState();
        state.Down.Add("carrier-a");

        var d = Decide(config, "carrier-b", "+12065550123", "+14255550300", state);

        Assert.Equal(503, d.RejectStatus);
        Assert.Equal(30, d.RetryAfterSeconds);
    }

    [Fact]
    public void Out_rules_and_failover_codes_are_per_target()
    {
        var config = TestWorld.WithRoutes("""
            routes:
              - { id: default-codes, from: [teams], called: '^\+44', to: [carrier-a, carrier-b] }
              - { id: own-codes, from: [teams], to: [carrier-a, carrier-b], failover-codes: [486, 503] }
            """);

        var d = Decide(config, "teams", "+14255550100", "+442079460000");
        Assert.Equal("00442079460000", d.Targets[0].CalledOut);
        Assert.Equal("+14255550100", d.Targets[0].CallingOut);
        Assert.Equal("+442079460000", d.Targets[1].CalledOut);
        Assert.Equal([503], d.Targets[0].FailoverCodes.ToArray());
        Assert.Equal([408, 500, 502, 503, 504], d.Targets[1].FailoverCodes.ToArray());

        var own = Decide(config, "teams", "+14255550100", "+33123456789");
        Assert.All(own.Targets, t => Assert.Equal([486, 503], t.FailoverCodes.ToArray()));
    }

    [Fact]
    public void Weighted_is_repeatable_with_a_seed_and_orders_the_rest_by_weight()
    {
        var first = Decide(Weighted, "teams", "+14255550100", "+33123456789", seed: 42);
        var again = Decide(Weighted, "teams", "+14255550100", "+33123456789", seed: 42);

        Assert.Equal(Order(first), Order(again));
        Assert.StartsWith("weighted pick (weight ", first.Targets[0].Reason, StringComparison.Ordinal);
        var rest = first.Targets.Skip(1).Select(t => t.Trunk.Id).ToArray();
        var expectedRest = new[] { "carrier-a", "carrier-b", "carrier-c" }.Where(id => id != first.Targets[0].Trunk.Id).ToArray();
        Assert.Equal(expectedRest, rest);
        Assert.All(first.Targets.Skip(1), t => Assert.StartsWith("weight ", t.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Weighted_first_choices_over_many_seeds_follow_the_weights()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        const int Calls = 20_000;
        for (var seed = 0; seed < Calls; seed++)
        {
            var id = Decide(Weighted, "teams", "+14255550100", "+33123456789", seed: seed).Targets[0].Trunk.Id;
            counts[id] = counts.GetValueOrDefault(id) + 1;
        }

        // Expected 70 / 20 / 10 %; 20,000 draws put the standard error near 0.3 %.
        Assert.InRange(counts["carrier-a"] / (double)Calls, 0.67, 0.73);
        Assert.InRange(counts["carrier-b"] / (double)Calls, 0.17, 0.23);
        Assert.InRange(counts["carrier-c"] / (double)Calls, 0.08, 0.12);
    }

    [Fact]
    public void Weighted_picks_only_among_usable_trunks()
    {
        var state = new FakeState();
        state.Down.Add("carrier-a");

        for (var seed = 0; seed < 200; seed++)
        {
            var d = Decide(Weighted, "teams", "+14255550100", "+33123456789", state, seed: seed);
            Assert.NotEqual("carrier-a", d.Targets[0].Trunk.Id);
            Assert.True(d.Routed);
            Assert.True(d.Targets.Single(t => t.Trunk.Id == "carrier-a").Skipped);
        }
    }

    [Fact]
    public void Explanation_tells_the_whole_story_in_order()
    {
        var d = Decide(TestWorld.Standard, "carrier-a", "2065550123", "4255550100");

        string[] expected =
        [
            "source: trunk carrier-a (carrier)",
            "calling number: 2065550123",
            "called number: 4255550100 -> +14255550100 (number-rules in of carrier-a)",
            "tenant: contoso (owner of the called number, listed on its own)",
            "called number +14255550100 is alice@contoso.com's (direct-routing)",
            "route inbound (priority 100): matches",
            "target 1: teams, #1 in written order; called +14255550100, calling 2065550123",
            "forward-on-failure: carrier-a, forward-on-failure to +14255550999 labelled 'Fail-over'; called 0014255550999, calling 2065550123 \"Fail-over\", 0.0040 USD/min",
            "expected cost: unknown (trunk teams has no rates)",
            "routed: 1 of 1 target to try, first teams, then forward-on-failure to 0014255550999 via carrier-a",
        ];
        Assert.Equal(expected, d.Explanation);
    }

    [Fact]
    public void Without_explain_the_decision_is_the_same_and_the_explanation_empty()
    {
        var world = TestWorld.Standard;
        var state = new FakeState();
        state.Down.Add("carrier-b");
        var query = new RouteQuery(world.Trunk("teams"), "+14255550100", "+442071230100", Monday10);

        var full = Router.Decide(world, query, state);
        var quiet = Router.Decide(world, query with { Explain = false }, state);

        Assert.NotEmpty(full.Explanation);
        Assert.Empty(quiet.Explanation);
        Assert.Equal(full.Targets.Select(t => (t.Trunk.Id, t.Skipped, t.Reason, t.CalledOut)), quiet.Targets.Select(t => (t.Trunk.Id, t.Skipped, t.Reason, t.CalledOut)));
        Assert.Same(full.Route, quiet.Route);

        var refused = Router.Decide(world, query with { Called = "+33123456789", Explain = false }, state);
        Assert.Equal((404, "No route to +33123456789"), (refused.RejectStatus, refused.RejectReason));
        Assert.Empty(refused.Explanation);
    }
}
