namespace Palisade.Sip.Tests.Transport;

/// <summary>
/// The transport tests run one class at a time: they open many real sockets and time-sensitive TLS handshakes on a
/// small shared machine, and the refused-connection counter they observe is global to the process.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TransportCollection
{
    public const string Name = "Transport";
}
