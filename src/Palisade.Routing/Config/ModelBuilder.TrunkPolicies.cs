using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Palisade.Routing.Model;

namespace Palisade.Routing.Config;

/// <summary>Trunk policies beyond addressing: number and header rules, identity, session timer, digest auth, allow-from.</summary>
internal sealed partial class ModelBuilder
{
    private static readonly (string Word, DiversionMode Value)[] DiversionModes =
        [("diversion", DiversionMode.Diversion), ("history-info", DiversionMode.HistoryInfo), ("none", DiversionMode.None)];

    private static readonly (string Word, RedirectMode Value)[] RedirectModes =
        [("follow", RedirectMode.Follow), ("pass", RedirectMode.Pass)];

    private static readonly (string Word, ContactHostMode Value)[] ContactHostModes =
        [("fqdn", ContactHostMode.Fqdn), ("address", ContactHostMode.Address)];

    private static readonly (string Word, PaiMode Value)[] PaiModes =
        [("pass", PaiMode.Pass), ("from", PaiMode.From), ("none", PaiMode.None)];

    private static readonly (string Word, PrivacyMode Value)[] PrivacyModes =
        [("pass", PrivacyMode.Pass), ("strip", PrivacyMode.Strip)];

    private static readonly (string Word, NumberField Value)[] NumberFields =
        [("called", NumberField.Called), ("calling", NumberField.Calling), ("both", NumberField.Both)];

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

    private static readonly TimeSpan RfcMinSe = TimeSpan.FromSeconds(90);

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

    private IdentityModel? BuildIdentity(IdentityConfig? config, string trunk)
    {
        if (config is null)
        {
            return IdentityModel.Default;
        }

        var context = $"the identity of {trunk}";
        var pai = config.Pai is { } p ? values.Keyword(p, "pai", context, PaiModes) : PaiMode.Pass;
        var privacy = config.Privacy is { } pr ? values.Keyword(pr, "privacy", context, PrivacyModes) : PrivacyMode.Pass;
        return pai is null || privacy is null ? null : new IdentityModel { Pai = pai.Value, Privacy = privacy.Value };
    }

    private ContactHostMode? BuildContactHost(ConfigScalar? config, TrunkKind? kind, string trunk)
    {
        var tlsOnly = kind is TrunkKind.Teams or TrunkKind.Acs;
        if (config is null)
        {
            return tlsOnly ? ContactHostMode.Fqdn : ContactHostMode.Address;
        }

        var mode = values.Keyword(config, "contact-host", trunk, ContactHostModes);
        if (mode == ContactHostMode.Address && tlsOnly)
        {
            var peer = kind == TrunkKind.Teams ? "Microsoft's Teams SIP proxy" : "Azure Communication Services Direct Routing";
            diagnostics.Add(config, $"{trunk} is kind {Kinds.First(x => x.Value == kind).Word}: {peer} requires an FQDN in the Contact (it matches it to the certificate and the tenant); use contact-host: fqdn");
            return null;
        }

        return mode;
    }

    /// <summary>Absent: RFC 4028 defaults; <c>off</c>: null; otherwise the values, Min-SE at least 90 s and Session-Expires at least Min-SE.</summary>
    private SessionTimerModel? BuildSessionTimer(SessionTimerConfig? config, string trunk)
    {
        if (config is null)
        {
            return SessionTimerModel.Default;
        }

        var context = $"the session-timer of {trunk}";
        if (config.Mode is { } mode)
        {
            if (!string.Equals(mode.Value, "off", StringComparison.OrdinalIgnoreCase))
            {
                values.Bad(mode, "session-timer", trunk, "expected off, or a mapping { expires, min-se }");
            }

            return null;
        }

        var d = SessionTimerModel.Default;
        var max = TimeSpan.FromHours(24);
        var expires = config.Expires is { } e ? values.Duration(e, "expires", context, TimeSpan.FromSeconds(1), max) : d.Expires;
        var minSe = config.MinSe is { } m ? values.Duration(m, "min-se", context, TimeSpan.FromSeconds(1), max) : d.MinSe;
        if (expires is null || minSe is null)
        {
            return null;
        }

        if (minSe < RfcMinSe)
        {
            values.Bad(config.MinSe!, "min-se", context, "RFC 4028 requires at least 90s");
            return null;
        }

        if (expires < minSe)
        {
            diagnostics.Add((ConfigNode?)config.Expires ?? config.MinSe!,
                $"the session-timer expires of {trunk} ({expires.Value.TotalSeconds:0}s) is shorter than its min-se ({minSe.Value.TotalSeconds:0}s)");
            return null;
        }

        return new SessionTimerModel { Expires = expires.Value, MinSe = minSe.Value };
    }

    private TrunkAuthModel? BuildAuth(TrunkAuthConfig config, TrunkKind? kind, ImmutableArray<EndpointModel> endpoints, string trunk)
    {
        var context = $"the auth of {trunk}";
        if (kind is TrunkKind.Teams or TrunkKind.Acs)
        {
            // Mutual TLS is how these peers authenticate; digest would never be answered.
            diagnostics.Add(config.Position, $"{trunk} is kind {Kinds.First(x => x.Value == kind).Word}, which authenticates with mutual TLS, not digest; remove 'auth'");
            return null;
        }

        var before = diagnostics.Count;
        if (config.Username is { Value.Length: 0 } u)
        {
            values.Bad(u, "username", context, "it is empty");
        }

        if (config.Password is { Value.Length: 0 } p)
        {
            values.Bad(p, "password", context, "it is empty");
        }

        var register = config.Register is { } r ? values.Bool(r, "register", context) : false;
        var challenge = config.ChallengeInbound is { } c ? values.Bool(c, "challenge-inbound", context) : false;
        var expires = config.Expires is { } e ? values.Duration(e, "expires", context, TimeSpan.FromSeconds(60), TimeSpan.FromHours(24)) : TimeSpan.FromSeconds(3600);
        (string Host, int Port)? registrar = config.Registrar is { } reg
            ? Registrar(reg, context)
            : endpoints.IsDefaultOrEmpty ? null : (endpoints[0].Host, endpoints[0].Port);

        if (diagnostics.Count > before || config.Username is null || config.Password is null
            || register is null || challenge is null || expires is null || registrar is null)
        {
            return null;
        }

        return new TrunkAuthModel
        {
            Username = config.Username.Value,
            Password = config.Password.Value,
            Realm = config.Realm?.Value,
            Register = register.Value,
            Expires = expires.Value,
            RegistrarHost = registrar.Value.Host,
            RegistrarPort = registrar.Value.Port,
            ChallengeInbound = challenge.Value,
        };
    }

    /// <summary>"registrar.example.net", "192.0.2.1:5080", "[2001:db8::1]:5060"; the port defaults to 5060.</summary>
    private (string Host, int Port)? Registrar(ConfigScalar value, string context)
    {
        var text = value.Value;
        string host;
        ReadOnlySpan<char> port = default;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            host = close > 0 ? text[1..close] : "";
            if (close > 0 && close + 1 < text.Length)
            {
                port = text[(close + 1)..] is [':', .. var rest] ? rest.AsSpan() : "x";
            }
        }
        else if (text.IndexOf(':', StringComparison.Ordinal) is var colon && colon >= 0 && text.IndexOf(':', colon + 1) < 0)
        {
            host = text[..colon];
            port = text.AsSpan(colon + 1);
        }
        else
        {
            host = text;
        }

        var portNumber = 5060;
        var hostOk = host.Length > 0 && (ValueParser.TryParseIp(host, out _)
            || (!ValueParser.LooksLikeIpv4(host) && ValueParser.IsHostName(host)));
        if (!hostOk || (!port.IsEmpty
            && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber is < 1 or > 65535)))
        {
            values.Bad(value, "registrar", context, "expected HOST or HOST:PORT, such as sip.carrier.example:5060 or [2001:db8::1]:5060");
            return null;
        }

        return (host.ToLowerInvariant(), portNumber);
    }

    /// <summary>
    /// An SBC must not take calls from anywhere: a trunk names the networks it calls from, unless it challenges
    /// every request with digest credentials (a registering PBX or softphone with changing addresses).
    /// </summary>
    private void CheckAllowFrom(TrunkConfig config, string trunk)
    {
        var challenges = config.Auth?.ChallengeInbound is { } c && string.Equals(c.Value, "true", StringComparison.OrdinalIgnoreCase);
        if (challenges)
        {
            return;
        }

        if (config.AllowFrom.IsDefault && config.AllowFromPosition == config.Position)
        {
            diagnostics.Add(config.Position,
                $"{trunk} has no 'allow-from'; list the networks its requests come from, such as [192.0.2.0/24], or set auth.challenge-inbound: true to accept any source that answers a digest challenge");
        }
        else if (!config.AllowFrom.IsDefault && config.AllowFrom.IsEmpty)
        {
            diagnostics.Add(config.AllowFromPosition,
                $"'allow-from' of {trunk} is empty, so no request would be accepted from it; list its networks, or set auth.challenge-inbound: true");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9.!%*_+`'~-]+$")]
    private static partial Regex SipToken();
}
