using System.Globalization;
using System.Net;

namespace Palisade.Sip.Dns;

/// <summary>Reads the nameserver lines of resolv.conf(5); the rest of the file is the stub resolver's business.</summary>
internal static class ResolvConf
{
    public const string DefaultPath = "/etc/resolv.conf";

    /// <summary>The nameservers of <paramref name="text"/>, port 53. Unparseable lines are skipped.</summary>
    public static IReadOnlyList<IPEndPoint> ParseNameServers(string text)
    {
        var servers = new List<IPEndPoint>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.AsSpan().Trim();
            if (line.IsEmpty || line[0] is '#' or ';')
                continue;
            if (!line.StartsWith("nameserver", StringComparison.Ordinal) || line.Length <= 10 || !char.IsWhiteSpace(line[10]))
                continue;
            var value = line[10..].Trim();
            var end = value.IndexOfAny(' ', '\t');
            if (end >= 0)
                value = value[..end];
            // Link-local IPv6 servers carry a zone ("fe80::1%eth0"); IPAddress parses it into ScopeId.
            if (IPAddress.TryParse(value, out var address))
                servers.Add(new IPEndPoint(address, 53));
        }

        return servers;
    }

    /// <summary>
    /// Nameservers from the file at <paramref name="path"/>; like glibc, falls back to the local host when the file is
    /// missing or names no server.
    /// </summary>
    public static IReadOnlyList<IPEndPoint> LoadNameServers(string path)
    {
        IReadOnlyList<IPEndPoint> servers;
        try
        {
            servers = ParseNameServers(File.ReadAllText(path));
        }
        catch (IOException)
        {
            servers = [];
        }
        catch (UnauthorizedAccessException)
        {
            servers = [];
        }

        return servers.Count > 0 ? servers : [new IPEndPoint(IPAddress.Loopback, 53)];
    }

    internal static string Describe(IPEndPoint server) =>
        server.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? string.Create(CultureInfo.InvariantCulture, $"[{server.Address}]:{server.Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{server.Address}:{server.Port}");
}
