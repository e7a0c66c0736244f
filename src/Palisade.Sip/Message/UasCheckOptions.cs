namespace Palisade.Sip.Message;

/// <summary>What <see cref="UasRequestChecks"/> compares a request against.</summary>
/// <param name="SupportedOptionTags">Option tags Palisade implements (RFC 3261 §19.2), e.g. "timer", "100rel", "replaces".</param>
/// <param name="WillForward">The request would be forwarded to another leg (Max-Forwards 0 then gets 483).</param>
/// <param name="CheckProxyRequire">Also refuse unknown Proxy-Require tags: Palisade sits where a proxy would (§16.3 step 6).</param>
public sealed record UasCheckOptions(IReadOnlyCollection<string> SupportedOptionTags, bool WillForward = false, bool CheckProxyRequire = true);
