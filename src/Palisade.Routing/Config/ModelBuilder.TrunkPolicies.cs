using Palisade.Routing.Model;

namespace Palisade.Routing.Config;

/// <summary>Trunk policies with a few keywords: diversion, redirect, contact host, identity, session timer.</summary>
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

    private static readonly TimeSpan RfcMinSe = TimeSpan.FromSeconds(90);

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
}
