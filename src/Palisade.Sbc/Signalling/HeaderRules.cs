using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Palisade.Routing.Model;
using Palisade.Sip.Message;

namespace Palisade.Sbc.Signalling;

/// <summary>
/// Per-trunk header manipulation, applied after routing and before sending. <c>in</c> rules describe what may come
/// from a trunk (pass a header the B2BUA would drop, remove or rewrite one it would copy, add one); <c>out</c> rules
/// edit the finished message sent to a trunk (add, remove, replace) and may also pass headers from the other leg.
/// </summary>
internal static class HeaderRules
{
    /// <summary>True when a <c>pass</c> rule lets header <paramref name="name"/> with <paramref name="value"/> through.</summary>
    public static bool Passes(ImmutableArray<HeaderRuleModel> rules, string method, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        Find(rules, HeaderRuleAction.Pass, method, name, value) is not null;

    /// <summary>True when a <c>remove</c> rule drops the header.</summary>
    public static bool Removes(ImmutableArray<HeaderRuleModel> rules, string method, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        Find(rules, HeaderRuleAction.Remove, method, name, value) is not null;

    /// <summary>The value after the first <c>replace</c> rule for the header, or null when none applies.</summary>
    public static string? Replaced(ImmutableArray<HeaderRuleModel> rules, string method, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        HeaderRuleModel? rule = Find(rules, HeaderRuleAction.Replace, method, name, default);
        if (rule is null)
            return null;
        string text = Encoding.UTF8.GetString(value);
        return rule.Match is { } re ? re.Replace(text, rule.Value ?? "") : rule.Value ?? "";
    }

    /// <summary>Writes the <c>add</c> rules for <paramref name="method"/>.</summary>
    public static void WriteAdded(SipMessageWriter w, ImmutableArray<HeaderRuleModel> rules, string method)
    {
        foreach (HeaderRuleModel rule in rules)
        {
            if (rule.Action == HeaderRuleAction.Add && rule.AppliesTo(method))
                w.Header(rule.Header, rule.Value ?? "");
        }
    }

    /// <summary>True when an out rule would edit a finished message of <paramref name="method"/>.</summary>
    public static bool EditsOutbound(ImmutableArray<HeaderRuleModel> rules, string method)
    {
        foreach (HeaderRuleModel rule in rules)
        {
            if (rule.Action != HeaderRuleAction.Pass && rule.AppliesTo(method))
                return true;
        }
        return false;
    }

    /// <summary>Applies a trunk's out rules to a finished message (only called when <see cref="EditsOutbound"/>).</summary>
    public static byte[] ApplyOutbound(byte[] message, ImmutableArray<HeaderRuleModel> rules, string method)
    {
        SipMessage? parsed = SipParser.ParseFramed(message, out _);
        if (parsed is null)
            return message;
        var edit = new SipMessageEdit(parsed);
        foreach (HeaderRuleModel rule in rules)
        {
            if (!rule.AppliesTo(method))
                continue;
            switch (rule.Action)
            {
                case HeaderRuleAction.Add:
                    edit.Add(rule.Header, rule.Value ?? "");
                    break;
                case HeaderRuleAction.Remove:
                    if (rule.Match is null || Matches(parsed, rule.Header, rule.Match))
                        edit.Remove(rule.Header);
                    break;
                case HeaderRuleAction.Replace:
                    if (Current(parsed, rule.Header) is { } current)
                        edit.Replace(rule.Header, rule.Match is { } re ? re.Replace(current, rule.Value ?? "") : rule.Value ?? "");
                    break;
            }
        }
        return edit.ToArray();
    }

    private static HeaderRuleModel? Find(ImmutableArray<HeaderRuleModel> rules, HeaderRuleAction action, string method, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (rules.IsDefaultOrEmpty)
            return null;
        foreach (HeaderRuleModel rule in rules)
        {
            if (rule.Action != action || !rule.AppliesTo(method) || !SameName(rule.Header, name))
                continue;
            if (action != HeaderRuleAction.Replace && rule.Match is { } re && !re.IsMatch(Encoding.UTF8.GetString(value)))
                continue;
            return rule;
        }
        return null;
    }

    private static bool SameName(string ruleName, ReadOnlySpan<byte> name)
    {
        if (ruleName.Length != name.Length)
            return HeaderNames.Lookup(name) is var id && id != HeaderId.Other && id == HeaderNames.Lookup(Encoding.ASCII.GetBytes(ruleName));
        for (int i = 0; i < name.Length; i++)
        {
            if (char.ToLowerInvariant(ruleName[i]) != char.ToLowerInvariant((char)name[i]))
                return false;
        }
        return true;
    }

    private static string? Current(SipMessage m, string name)
    {
        int i = m.IndexOf(Encoding.ASCII.GetBytes(name));
        return i < 0 ? null : Encoding.UTF8.GetString(m.GetValue(m.Headers[i]));
    }

    private static bool Matches(SipMessage m, string name, Regex re) => Current(m, name) is { } v && re.IsMatch(v);
}
