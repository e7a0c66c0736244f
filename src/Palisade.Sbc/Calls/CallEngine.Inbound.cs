using Palisade.Routing.Model;
using Palisade.Sip.Auth;
using Palisade.Sip.Message;
using Palisade.Sip.Transaction;
using Palisade.Sip.Transport;

namespace Palisade.Sbc.Calls;

/// <summary>
/// Trunks that authenticate with credentials instead of (or as well as) a source address: with
/// <c>auth.challenge-inbound</c>, an INVITE classified to such a trunk (by its allow-from, or from any source when it
/// has none) is challenged (401, RFC 3261 §22.2) and accepted as the trunk whose username and password answer it. The nonce is self-validating, so no state is kept
/// per challenge (a flood of INVITEs costs no memory).
/// </summary>
public sealed partial class CallEngine
{
    private readonly DigestServer _digest;

    /// <summary>The trunk an INVITE authenticates as (its digest username and password), or null after answering 401.</summary>
    private TrunkModel? AuthenticateInbound(PalisadeConfigModel config, ServerTransaction tx)
    {
        SipInbound inbound = tx.Inbound;
        TrunkModel? matched = null;
        DigestVerification v = _digest.Verify(inbound.Message, proxy: false, user =>
        {
            foreach (TrunkModel t in config.Trunks)
            {
                if (t.Auth is { ChallengeInbound: true } auth && auth.Username == user
                    && (t.Listener is null || t.Listener.Name == inbound.ListenerName))
                {
                    matched = t;
                    return auth.Password;
                }
            }
            return null;
        });
        if (v.IsOk && matched is not null)
            return matched;

        using SipMessageWriter w = SipResponses.Start(inbound.Message, 401, "Unauthorized", ResponseTags.New());
        w.Header(HeaderId.WwwAuthenticate, _digest.CreateChallenge(DigestAlgorithm.Sha256, stale: v.Outcome == DigestOutcome.Stale));
        // RFC 8760 §2.4: offer SHA-256 first and MD5 for peers that know nothing better.
        w.Header(HeaderId.WwwAuthenticate, _digest.CreateChallenge(DigestAlgorithm.Md5, stale: v.Outcome == DigestOutcome.Stale));
        w.Header(HeaderId.Server, _options.Product);
        w.Finish();
        tx.SendResponse(w);
        return null;
    }
}
