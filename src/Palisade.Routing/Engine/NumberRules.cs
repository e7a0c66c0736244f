using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Palisade.Routing.Model;

namespace Palisade.Routing.Engine;

/// <summary>Applies a trunk's number rules.</summary>
public static class NumberRules
{
    /// <summary>
    /// The first rule covering <paramref name="field"/> whose regex matches rewrites the number
    /// (<see cref="Regex.Replace(string, string)"/>, so <c>$1</c> works) and evaluation stops; no match leaves it as
    /// it is. A rule whose regex times out counts as not matching, so a pathological pattern cannot stall a call.
    /// </summary>
    /// <param name="field"><see cref="NumberField.Called"/> or <see cref="NumberField.Calling"/>.</param>
    public static string Apply(ImmutableArray<NumberRuleModel> rules, NumberField field, string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (field == NumberField.Both)
        {
            throw new ArgumentException("rewrite the called or the calling number, one at a time", nameof(field));
        }

        if (rules.IsDefaultOrEmpty)
        {
            return number;
        }

        foreach (var rule in rules)
        {
            if (!rule.Covers(field))
            {
                continue;
            }

            try
            {
                if (rule.Match.IsMatch(number))
                {
                    return rule.Match.Replace(number, rule.Replace);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // Treated as no match; the next rule is tried.
            }
        }

        return number;
    }
}
