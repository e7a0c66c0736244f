namespace Palisade.Routing.Model;

/// <summary>What Palisade puts in the host part of its Contact (and Record-Route) toward a trunk.</summary>
public enum ContactHostMode
{
    /// <summary>An FQDN: the tenant's Teams FQDN or the node FQDN. Teams and ACS require it (they match it to the TLS certificate and the tenant).</summary>
    Fqdn,

    /// <summary>The listener's IP address: what carriers and PBXs without DNS for the SBC expect.</summary>
    Address,
}
