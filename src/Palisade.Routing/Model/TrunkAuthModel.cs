using System.Text;

namespace Palisade.Routing.Model;

/// <summary>Digest credentials of a trunk (RFC 3261 §22): answering the trunk's challenges, registering, challenging it.</summary>
public sealed record TrunkAuthModel
{
    public required string Username { get; init; }

    /// <summary>Kept out of <see cref="ToString"/> so it never reaches a log.</summary>
    public required string Password { get; init; }

    /// <summary>Realm the credentials are for (null = any realm the trunk challenges with); also the realm of inbound challenges (null = the node FQDN).</summary>
    public string? Realm { get; init; }

    /// <summary>Send REGISTER for <see cref="Username"/> to <see cref="RegistrarHost"/>, refreshed before <see cref="Expires"/>.</summary>
    public bool Register { get; init; }

    public TimeSpan Expires { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>Host name or IP literal; the trunk's first endpoint unless written.</summary>
    public required string RegistrarHost { get; init; }

    public required int RegistrarPort { get; init; }

    /// <summary>Challenge requests from this trunk with 401/407 and accept only those that answer with these credentials.</summary>
    public bool ChallengeInbound { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Username = ").Append(Username)
            .Append(", Password = ***")
            .Append(", Realm = ").Append(Realm)
            .Append(", Register = ").Append(Register)
            .Append(", Expires = ").Append(Expires)
            .Append(", RegistrarHost = ").Append(RegistrarHost)
            .Append(", RegistrarPort = ").Append(RegistrarPort)
            .Append(", ChallengeInbound = ").Append(ChallengeInbound);
        return true;
    }
}
