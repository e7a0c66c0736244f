using System.CommandLine;
using System.Globalization;
using Palisade.Routing.Config;
using Palisade.Routing.Model;
using Palisade.Sip.Dns;
using Palisade.Sip.Message;
using Palisade.Sip.Transport;

namespace Palisade.Server.Cli;

/// <summary>
/// <c>palisade resolve URI [--config FILE]</c>: the ordered targets Palisade would try for a SIP URI (RFC 3263:
/// NAPTR → SRV → A/AAAA, the config's <c>dns.static</c> table first) — the SIP equivalent of <c>dig</c>.
/// </summary>
internal static class ResolveCommand
{
    public static Command Create()
    {
        var uri = new Argument<string>("uri") { Description = "A SIP URI or host, e.g. sip:sip.pstnhub.microsoft.com;transport=tls" };
        var config = new Option<FileInfo?>("--config", "-c") { Description = "Configuration whose dns.static table applies" };
        var command = new Command("resolve", "Show the targets Palisade would try for a SIP URI (RFC 3263)") { uri, config };
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(uri)!, parse.GetValue(config), Console.Out, Console.Error, cancel));
        return command;
    }

    public static async Task<int> RunAsync(string text, FileInfo? configFile, TextWriter output, TextWriter errors, CancellationToken cancel)
    {
        DnsModel dns = DnsModel.Empty;
        if (configFile is not null)
        {
            ConfigLoadResult loaded = ConfigLoader.LoadFile(configFile.FullName);
            if (loaded.Model is null)
            {
                foreach (ConfigError e in loaded.Errors)
                    await errors.WriteLineAsync(e.ToString()).ConfigureAwait(false);
                return 2;
            }
            dns = loaded.Model.Dns;
        }

        string uriText = text.Contains(':', StringComparison.Ordinal) && !text.StartsWith('[') ? text : "sip:" + text;
        if (!SipUri.TryParse(System.Text.Encoding.UTF8.GetBytes(uriText), out SipUri? uri, out string? error) || !uri!.IsSip)
        {
            await errors.WriteLineAsync($"'{text}' is not a sip: or sips: URI: {error ?? "unsupported scheme"}").ConfigureAwait(false);
            return 2;
        }
        SipTransportKind? transport = uri.GetParameter("transport")?.ToUpperInvariant() switch
        {
            null => null,
            "UDP" => SipTransportKind.Udp,
            "TCP" => SipTransportKind.Tcp,
            "TLS" => SipTransportKind.Tls,
            var other => throw new InvalidOperationException("unsupported transport " + other),
        };

        var resolver = SipResolver.Create(new DnsResolverOptions { StaticHosts = dns.Static });
        try
        {
            IReadOnlyList<SipTarget> targets = await resolver.ResolveAsync(uri.Host.Trim('[', ']'), uri.Port, transport, uri.Scheme == UriScheme.Sips, cancel).ConfigureAwait(false);
            if (targets.Count == 0)
            {
                await errors.WriteLineAsync($"{uri.Host}: no such host (DNS has no SIP targets for it)").ConfigureAwait(false);
                return 1;
            }
            for (int i = 0; i < targets.Count; i++)
            {
                SipTarget t = targets[i];
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {t.Transport.ViaToken()} {t.Address}:{t.Port}  ({t.HostName})")).ConfigureAwait(false);
            }
            return 0;
        }
        catch (DnsResolutionException ex)
        {
            await errors.WriteLineAsync($"{uri.Host}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
