namespace Palisade.Routing.Model;

/// <summary>Whether a trunk's media must, may or must not be encrypted.</summary>
public enum SrtpPolicy
{
    Off,
    Optional,
    Required,
}
