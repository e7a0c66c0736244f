using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Palisade.Routing.Engine;
using Palisade.Routing.Model;

namespace Palisade.Routing.Tests.Engine;

public sealed class NumberRulesTests
{
    private static NumberRuleModel Rule(string match, string replace, NumberField field = NumberField.Both) =>
        new() { Match = new Regex(match, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)), Replace = replace, Field = field };

    [Fact]
    public void Group_substitution_rewrites_the_number()
    {
        ImmutableArray<NumberRuleModel> rules = [Rule(@"^0(\d{10})$", "+44$1")];

        Assert.Equal("+442071230100", NumberRules.Apply(rules, NumberField.Called, "02071230100"));
    }

    [Fact]
    public void The_first_matching_rule_rewrites_and_evaluation_stops()
    {
        // Both rules match "0044…"; the second would turn the first's output into something else if it ran.
        ImmutableArray<NumberRuleModel> rules = [Rule(@"^00(\d+)$", "+$1"), Rule(@"^\+?(\d+)$", "X$1"), Rule(@"^0(\d+)$", "+44$1")];

        Assert.Equal("+442071230100", NumberRules.Apply(rules, NumberField.Called, "00442071230100"));
        Assert.Equal("X2071230100", NumberRules.Apply(rules, NumberField.Called, "2071230100"));
    }

    [Fact]
    public void Each_field_takes_its_own_first_match()
    {
        ImmutableArray<NumberRuleModel> rules =
        [
            Rule(@"^(\d{4})$", "+1425555$1", NumberField.Calling),
            Rule(@"^(\d{4})$", "ext-$1", NumberField.Called),
            Rule(@"^(\d+)$", "+$1"),
        ];

        Assert.Equal("+14255552001", NumberRules.Apply(rules, NumberField.Calling, "2001"));
        Assert.Equal("ext-2001", NumberRules.Apply(rules, NumberField.Called, "2001"));
        Assert.Equal("+442071230100", NumberRules.Apply(rules, NumberField.Called, "442071230100"));
    }

    [Fact]
    public void No_match_leaves_the_number_as_it_is()
    {
        ImmutableArray<NumberRuleModel> rules = [Rule(@"^0(\d+)$", "+44$1")];
        var number = "+14255550100";

        Assert.Same(number, NumberRules.Apply(rules, NumberField.Calling, number));
        Assert.Same(number, NumberRules.Apply([], NumberField.Calling, number));
        Assert.Same(number, NumberRules.Apply(default, NumberField.Calling, number));
    }

    [Fact]
    public void An_unanchored_rule_replaces_every_occurrence()
    {
        ImmutableArray<NumberRuleModel> rules = [Rule(@"[\s().-]", "")];

        Assert.Equal("+14255550100", NumberRules.Apply(rules, NumberField.Called, "+1 (425) 555-0100"));
    }

    [Fact]
    public void Both_is_not_a_field_to_rewrite()
    {
        Assert.Throws<ArgumentException>(() => NumberRules.Apply([], NumberField.Both, "+1"));
    }

    [Fact]
    public void A_rule_that_times_out_counts_as_no_match()
    {
        // Catastrophic backtracking with a 1 ms limit; the second rule still runs.
        var slow = new NumberRuleModel { Match = new Regex(@"^(\d+)+x$", RegexOptions.None, TimeSpan.FromMilliseconds(1)), Replace = "never" };
        ImmutableArray<NumberRuleModel> rules = [slow, Rule(@"^(\d+)$", "+$1")];
        var number = new string('1', 40);
        Assert.Throws<RegexMatchTimeoutException>(() => slow.Match.IsMatch(number));

        Assert.Equal("+" + number, NumberRules.Apply(rules, NumberField.Called, number));
    }
}
