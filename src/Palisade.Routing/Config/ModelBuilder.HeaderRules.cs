using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Palisade.Routing.Model;

namespace Palisade.Routing.Config;

/// <summary><c>trunks[].header-rules</c>: SIP token names, no dialog headers, value and match only where the action uses them.</summary>
internal sealed partial class ModelBuilder
{
    private static readonly (string Word, HeaderRuleAction Value)[] HeaderActions =
        [("add", HeaderRuleAction.Add), ("remove", HeaderRuleAction.Remove), ("replace", HeaderRuleAction.Replace), ("pass", HeaderRuleAction.Pass)];

    private static readonly string[] SipMethods =
        ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE"];

    /// <summary>
    /// Headers that make up the dialog and the hop (long and compact forms → canonical name). The B2BUA writes them
    /// itself on each leg, so a rule touching them would break the call or leak the other leg's topology.
    /// </summary>
    private static readonly FrozenDictionary<string, string> DialogHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Via"] = "Via",
        ["v"] = "Via",
        ["Call-ID"] = "Call-ID",
        ["i"] = "Call-ID",
        ["CSeq"] = "CSeq",
        ["From"] = "From",
        ["f"] = "From",
        ["To"] = "To",
        ["t"] = "To",
        ["Contact"] = "Contact",
        ["m"] = "Contact",
        ["Record-Route"] = "Record-Route",
        ["Route"] = "Route",
        ["Content-Length"] = "Content-Length",
        ["l"] = "Content-Length",
        ["Max-Forwards"] = "Max-Forwards",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private (ImmutableArray<HeaderRuleModel> In, ImmutableArray<HeaderRuleModel> Out) BuildHeaderRules(HeaderRulesConfig? config, string trunk) =>
        config is null
            ? ([], [])
            : (BuildHeaderRuleList(config.In, "in", trunk), BuildHeaderRuleList(config.Out, "out", trunk));

    private ImmutableArray<HeaderRuleModel> BuildHeaderRuleList(ImmutableArray<HeaderRuleConfig> configs, string direction, string trunk)
    {
        var rules = ImmutableArray.CreateBuilder<HeaderRuleModel>(configs.Length);
        for (var i = 0; i < configs.Length; i++)
        {
            if (BuildHeaderRule(configs[i], $"header rule {direction} #{i + 1} of {trunk}") is { } rule)
            {
                rules.Add(rule);
            }
        }

        return rules.ToImmutable();
    }

    private HeaderRuleModel? BuildHeaderRule(HeaderRuleConfig config, string context)
    {
        var before = diagnostics.Count;
        var action = config.Action is { } a ? values.Keyword(a, "action", context, HeaderActions) : null;
        var header = config.Header;
        if (header is not null)
        {
            if (!SipToken().IsMatch(header.Value))
            {
                values.Bad(header, "header name", context, "a header name is a SIP token: letters, digits and - . ! % * _ + ` ' ~, such as X-Customer-Id");
            }
            else if (action is not null && DialogHeaders.TryGetValue(header.Value, out var canonical))
            {
                var named = string.Equals(canonical, header.Value, StringComparison.OrdinalIgnoreCase)
                    ? $"'{header.Value}'"
                    : $"'{header.Value}' (the compact form of {canonical})";
                diagnostics.Add(header,
                    $"{context} cannot {Word(action.Value)} {named}: {canonical} belongs to the dialog, and Palisade writes it itself on each leg");
            }
        }

        var usesValue = action is HeaderRuleAction.Add or HeaderRuleAction.Replace;
        if (config.Value is { } value && action is not null && !usesValue)
        {
            diagnostics.Add(value, $"{context} has a 'value', but only add and replace use one");
        }
        else if (config.Value is null && usesValue)
        {
            diagnostics.Add(config.Position, $"{context} has no 'value'; {Word(action!.Value)} needs the header value to write");
        }

        Regex? match = null;
        if (config.Match is { } m)
        {
            if (action == HeaderRuleAction.Add)
            {
                diagnostics.Add(m, $"{context} has a 'match', but add does not use one (it always adds)");
            }
            else
            {
                match = values.Pattern(m, context);
                if (match is not null && action == HeaderRuleAction.Replace && config.Value is { } replacement)
                {
                    CheckReplacement(replacement, match, context);
                }
            }
        }

        var methods = ImmutableArray.CreateBuilder<string>();
        if (!config.Methods.IsDefault)
        {
            foreach (var method in config.Methods)
            {
                var upper = method.Value.ToUpperInvariant();
                if (Array.IndexOf(SipMethods, upper) < 0)
                {
                    values.Bad(method, "method", context, $"expected a SIP method such as INVITE{KeySuggester.Hint(upper, SipMethods)}");
                }
                else if (!methods.Contains(upper))
                {
                    methods.Add(upper);
                }
            }
        }

        if (diagnostics.Count > before || action is null || header is null)
        {
            return null;
        }

        return new HeaderRuleModel
        {
            Action = action.Value,
            Header = header.Value,
            Value = config.Value?.Value,
            Match = match,
            Methods = methods.ToImmutable(),
        };

        static string Word(HeaderRuleAction action) => HeaderActions.First(x => x.Value == action).Word;
    }

    [GeneratedRegex(@"^[A-Za-z0-9.!%*_+`'~-]+$")]
    private static partial Regex SipToken();
}
