using System.Net;
using System.Net.Sockets;
using Palisade.Routing.Model;

namespace Palisade.Routing.Config;

internal sealed partial class ModelBuilder
{
    private static readonly (string Word, SipTransport Value)[] Transports =
        [("udp", SipTransport.Udp), ("tcp", SipTransport.Tcp), ("tls", SipTransport.Tls)];

    private Dictionary<string, (ListenerModel Model, int Index)> BuildListeners(PalisadeConfig config)
    {
        var listeners = new Dictionary<string, (ListenerModel Model, int Index)>(StringComparer.Ordinal);
        if (config.Listeners.IsDefault)
        {
            // The embedded default: loopback only, so a bare `palisade run` exposes nothing to the network.
            Add(new ListenerModel { Name = "sip-udp", Transport = SipTransport.Udp, Address = IPAddress.Loopback, Port = 5060 });
            Add(new ListenerModel { Name = "sip-tcp", Transport = SipTransport.Tcp, Address = IPAddress.Loopback, Port = 5060 });
            Add(new ListenerModel { Name = "sip-tls", Transport = SipTransport.Tls, Address = IPAddress.Loopback, Port = 5061 });
            return listeners;
        }

        if (config.Listeners.IsEmpty)
        {
            diagnostics.Add(config.ListenersPosition, "'listeners' is empty; Palisade needs at least one listener to carry calls");
            return listeners;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var bound = new List<(ListenerModel Model, int Line)>();
        foreach (var item in config.Listeners)
        {
            if (item.Name is null)
            {
                continue;
            }

            var before = diagnostics.Count;
            var context = $"listener '{item.Name.Value}'";
            listenerNames.Add(item.Name.Value);
            var name = values.Id(item.Name, "listener name", context);
            var unique = name is not null && Register(item.Name, seen, "listener");
            var transport = item.Transport is { } t ? values.Keyword(t, "transport", context, Transports) : null;
            var address = item.Address is { } a ? values.Ip(a, context) : null;
            var port = item.Port is { } p ? values.Port(p, context) : null;
            if (diagnostics.Count > before || !unique || transport is null || address is null || port is null)
            {
                continue;
            }

            var model = new ListenerModel { Name = name!, Transport = transport.Value, Address = address, Port = port.Value };
            foreach (var (other, line) in bound)
            {
                if (Clashes(model, other))
                {
                    var why = model.Transport == other.Transport ? "" : "; TLS and TCP both need the TCP port, so they cannot share it";
                    diagnostics.Add(item.Position,
                        $"{context} ({Word(model.Transport)} {Endpoint(model)}) clashes with listener '{other.Name}' ({Word(other.Transport)} {Endpoint(other)}, line {line}){why}");
                }
            }

            bound.Add((model, item.Position.Line));
            Add(model);
        }

        return listeners;

        void Add(ListenerModel model) => listeners[model.Name] = (model, listeners.Count);
    }

    /// <summary>
    /// Two listeners clash when they need the same kernel socket: UDP and TCP ports are separate, TLS runs on TCP,
    /// and a wildcard address (0.0.0.0, ::) takes the port on every address of its family.
    /// </summary>
    private static bool Clashes(ListenerModel a, ListenerModel b)
    {
        if (a.Port != b.Port || (a.Transport == SipTransport.Udp) != (b.Transport == SipTransport.Udp))
        {
            return false;
        }

        return a.Address.Equals(b.Address)
            || (a.Address.AddressFamily == b.Address.AddressFamily && (IsAny(a.Address) || IsAny(b.Address)));

        static bool IsAny(IPAddress address) =>
            address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
    }

    private static string Word(SipTransport transport) => transport switch
    {
        SipTransport.Udp => "udp",
        SipTransport.Tcp => "tcp",
        _ => "tls",
    };

    private static string Endpoint(ListenerModel listener) =>
        listener.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{listener.Address}]:{listener.Port}" : $"{listener.Address}:{listener.Port}";
}
