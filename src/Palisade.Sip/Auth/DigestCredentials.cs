namespace Palisade.Sip.Auth;

/// <summary>A trunk's digest username and password (RFC 3261 §22.4).</summary>
public sealed record DigestCredentials(string Username, string Password)
{
    /// <summary>Leaves the password out, so a logged record does not leak it.</summary>
    public override string ToString() => "DigestCredentials { Username = " + Username + " }";
}
