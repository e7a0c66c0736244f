using System.Net;
using Palisade.Routing.Model;

namespace Palisade.Routing.Engine;

/// <summary>Which trunk a request belongs to, by the listener it arrived on and its source address.</summary>
public static class TrunkClassifier
{
    private const int NoMatch = -2;
    private const int AnySource = -1;

    /// <summary>
    /// A trunk whose listener (null = any) is <paramref name="listenerName"/> and whose allow-from holds
    /// <paramref name="source"/>. Several: the longest matching prefix wins (a /32 for one PBX beats the carrier's
    /// /24 around it), then the order written. A trunk without allow-from (it challenges every request) matches any
    /// source, below every prefix. None: <see cref="TrunkClassification.Trunk"/> is null and the reason says so.
    /// </summary>
    public static TrunkClassification Classify(PalisadeConfigModel config, string listenerName, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(listenerName);
        ArgumentNullException.ThrowIfNull(source);
        if (source.IsIPv4MappedToIPv6)
        {
            // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; allow-from lists them as IPv4.
            source = source.MapToIPv4();
        }

        TrunkModel? best = null;
        var bestPrefix = NoMatch;
        IPNetwork bestNetwork = default;
        TrunkModel? elsewhere = null;
        foreach (var trunk in config.Trunks)
        {
            var prefix = Specificity(trunk, source, out var network);
            if (prefix == NoMatch)
            {
                continue;
            }

            if (trunk.Listener is { } listener && !string.Equals(listener.Name, listenerName, StringComparison.Ordinal))
            {
                elsewhere ??= trunk;
                continue;
            }

            // Strictly greater: on a tie the trunk written first keeps it.
            if (prefix > bestPrefix)
            {
                best = trunk;
                bestPrefix = prefix;
                bestNetwork = network;
            }
        }

        if (best is null)
        {
            var reason = elsewhere is null
                ? $"no trunk allows {source} on {listenerName}"
                : $"no trunk allows {source} on {listenerName} (trunk {elsewhere.Id} allows it on {elsewhere.Listener!.Name})";
            return new TrunkClassification(null, reason);
        }

        return new TrunkClassification(best, bestPrefix == AnySource
            ? $"{source} on {listenerName} is trunk {best.Id}: it has no allow-from and challenges every request"
            : $"{source} on {listenerName} is trunk {best.Id} (allow-from {bestNetwork})");
    }

    /// <summary>Prefix length of the longest allow-from network holding the source; <see cref="AnySource"/> for a trunk without allow-from.</summary>
    private static int Specificity(TrunkModel trunk, IPAddress source, out IPNetwork network)
    {
        network = default;
        if (trunk.AllowFrom.IsDefaultOrEmpty)
        {
            // The loader allows this only with auth.challenge-inbound.
            return AnySource;
        }

        var best = NoMatch;
        foreach (var candidate in trunk.AllowFrom)
        {
            if (candidate.PrefixLength > best && candidate.Contains(source))
            {
                best = candidate.PrefixLength;
                network = candidate;
            }
        }

        return best;
    }
}
