namespace Palisade.Sip.Transport.Tls;

/// <summary>
/// Why a peer certificate was refused. SslStream only reports "rejected by the RemoteCertificateValidationCallback",
/// so the reason is handed to <see cref="TlsPolicy.Rejected"/> for the log.
/// </summary>
/// <param name="AsServer">True when we were the TLS server (the peer was a client).</param>
/// <param name="TargetHost">On a client connection, the name dialled; on a server connection, the SNI received.</param>
/// <param name="Reason">Human-readable reason ("no certificate", "untrusted root", "name mismatch", …).</param>
/// <param name="Peer">The refused certificate, or null when none was sent.</param>
public sealed record TlsRejection(bool AsServer, string TargetHost, string Reason, TlsPeerIdentity? Peer);
