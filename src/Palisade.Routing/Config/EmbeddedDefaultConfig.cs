namespace Palisade.Routing.Config;

/// <summary>
/// What <c>palisade run</c> uses without <c>--config</c>. Written out in full (rather than relying on the per-section
/// defaults) so <c>palisade config export</c> can show it and a test can check both agree.
/// </summary>
internal static class EmbeddedDefaultConfig
{
    public const string FileName = "<embedded default>";

    public const string Yaml = """
        node:
          name: palisade
          fqdn: sbc.lab.example.net
          data: ./data

        tls:
          certificate: auto
          trust: auto
          min-version: "1.2"

        listeners:
          - { name: sip-udp, transport: udp, address: 127.0.0.1, port: 5060 }
          - { name: sip-tcp, transport: tcp, address: 127.0.0.1, port: 5060 }
          - { name: sip-tls, transport: tls, address: 127.0.0.1, port: 5061 }

        media:
          address: 127.0.0.1
          ports: 40000-40999
        """;
}
