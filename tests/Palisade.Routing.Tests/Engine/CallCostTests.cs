using System.Collections.Frozen;
using Palisade.Routing.Engine;
using Palisade.Routing.Model;

namespace Palisade.Routing.Tests.Engine;

public sealed class CallCostTests
{
    private static readonly RateDeckModel Deck = new()
    {
        Currency = "USD",
        Prefixes = new Dictionary<string, decimal> { ["+1"] = 0.0060m, ["+1425"] = 0.0030m, ["+44"] = 0.0120m }.ToFrozenDictionary(),
    };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(59, 1)]
    [InlineData(60, 1)]
    [InlineData(61, 2)]
    [InlineData(119, 2)]
    [InlineData(120, 2)]
    [InlineData(3601, 61)]
    public void Default_billing_charges_each_started_minute(int seconds, int minutes)
    {
        var cost = CallCost.Compute(Deck, "+12065550123", TimeSpan.FromSeconds(seconds), out var currency);

        Assert.Equal(0.0060m * minutes, cost);
        Assert.Equal("USD", currency);
    }

    [Fact]
    public void A_fraction_of_a_second_starts_a_new_second()
    {
        Assert.Equal(0.0060m * 2, CallCost.Compute(Deck, "+12065550123", TimeSpan.FromMilliseconds(60_001), out _));
    }

    [Fact]
    public void The_longest_prefix_sets_the_price()
    {
        Assert.Equal(0.0030m, CallCost.Compute(Deck, "+14255550100", TimeSpan.FromSeconds(30), out _));
    }

    [Fact]
    public void An_unanswered_call_costs_nothing()
    {
        Assert.Equal(0m, CallCost.Compute(Deck with { ConnectionFee = 0.05m }, "+12065550123", TimeSpan.Zero, out var currency));
        Assert.Equal("USD", currency);
    }

    [Fact]
    public void Per_second_billing_and_a_first_increment()
    {
        var perSecond = Deck with { FirstIncrementSeconds = 1, IncrementSeconds = 1 };
        var thirtySix = Deck with { FirstIncrementSeconds = 30, IncrementSeconds = 6 };

        Assert.Equal(0.0120m * 61 / 60, CallCost.Compute(perSecond, "+442071230100", TimeSpan.FromSeconds(61), out _));
        Assert.Equal(0.0120m * 30 / 60, CallCost.Compute(thirtySix, "+442071230100", TimeSpan.FromSeconds(5), out _));
        Assert.Equal(0.0120m * 36 / 60, CallCost.Compute(thirtySix, "+442071230100", TimeSpan.FromSeconds(31), out _));
    }

    [Fact]
    public void The_connection_fee_is_added_once()
    {
        Assert.Equal(0.05m + 0.0120m * 2, CallCost.Compute(Deck with { ConnectionFee = 0.05m }, "+442071230100", TimeSpan.FromSeconds(90), out _));
    }

    [Fact]
    public void No_deck_or_no_price_is_null()
    {
        Assert.Null(CallCost.Compute(null, "+12065550123", TimeSpan.FromMinutes(1), out var none));
        Assert.Null(none);
        Assert.Null(CallCost.Compute(Deck, "+33123456789", TimeSpan.FromMinutes(1), out var missing));
        Assert.Null(missing);
    }
}
