using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Palisade.Routing.Model;

namespace Palisade.Routing.Config;

/// <summary><c>trunks[].number-rules</c>: regexes compiled once with a timeout, replacements checked against their groups.</summary>
internal sealed partial class ModelBuilder
{
    private static readonly (string Word, NumberField Value)[] NumberFields =
        [("called", NumberField.Called), ("calling", NumberField.Calling), ("both", NumberField.Both)];


    private (ImmutableArray<NumberRuleModel> In, ImmutableArray<NumberRuleModel> Out) BuildNumberRules(NumberRulesConfig? config, string trunk) =>
        config is null
            ? ([], [])
            : (BuildNumberRuleList(config.In, "in", trunk), BuildNumberRuleList(config.Out, "out", trunk));

    private ImmutableArray<NumberRuleModel> BuildNumberRuleList(ImmutableArray<NumberRuleConfig> configs, string direction, string trunk)
    {
        var rules = ImmutableArray.CreateBuilder<NumberRuleModel>(configs.Length);
        for (var i = 0; i < configs.Length; i++)
        {
            var config = configs[i];
            var context = $"number rule {direction} #{i + 1} of {trunk}";
            var match = config.Match is { } m ? values.Pattern(m, context) : null;
            var field = config.Field is { } f ? values.Keyword(f, "field", context, NumberFields) : NumberField.Both;
            if (match is not null && config.Replace is { } replace && CheckReplacement(replace, match, context) && field is not null)
            {
                rules.Add(new NumberRuleModel { Match = match, Replace = replace.Value, Field = field.Value });
            }
        }

        return rules.ToImmutable();
    }

    /// <summary>
    /// .NET leaves a reference to a group the pattern does not have ("$2" with one group) in the output as text, so a
    /// typo would silently produce numbers like "+44$2"; refuse it here instead.
    /// </summary>
    private bool CheckReplacement(ConfigScalar replace, Regex pattern, string context)
    {
        var text = replace.Value;
        var groups = pattern.GetGroupNumbers().Length - 1;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] != '$')
            {
                continue;
            }

            var next = text[i + 1];
            string? reference = null;
            var known = true;
            if (next == '$')
            {
                i++;
                continue;
            }

            if (char.IsAsciiDigit(next))
            {
                var end = i + 1;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                reference = text[i..end];
                known = int.TryParse(text.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    && pattern.GroupNameFromNumber(n).Length > 0;
                i = end - 1;
            }
            else if (next == '{' && text.IndexOf('}', i + 2) is var close && close > i + 2)
            {
                reference = text[i..(close + 1)];
                var name = text[(i + 2)..close];
                known = pattern.GroupNumberFromName(name) >= 0;
                i = close;
            }

            if (!known)
            {
                values.Bad(replace, "replace", context,
                    $"it refers to group {reference}, but the pattern '{pattern}' has {groups} group{(groups == 1 ? "" : "s")}; write $$ for a literal '$'");
                return false;
            }
        }

        return true;
    }
}
