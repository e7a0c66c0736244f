namespace Palisade.Sip.Auth;

/// <summary>Quality-of-protection values (RFC 2617 §3.2.1, RFC 7616 §3.3); other tokens are ignored.</summary>
[Flags]
public enum DigestQop : byte
{
    None = 0,
    /// <summary>"auth": authentication only.</summary>
    Auth = 1,
    /// <summary>"auth-int": authentication with integrity protection of the body.</summary>
    AuthInt = 2,
}
