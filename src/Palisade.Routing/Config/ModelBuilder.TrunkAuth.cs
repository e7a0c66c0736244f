using System.Collections.Immutable;
using System.Globalization;
using Palisade.Routing.Model;

namespace Palisade.Routing.Config;

/// <summary><c>trunks[].auth</c> and the <c>allow-from</c> rule that depends on it.</summary>
internal sealed partial class ModelBuilder
{
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
}
