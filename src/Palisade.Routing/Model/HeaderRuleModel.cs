using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Palisade.Routing.Model;

/// <summary>One header manipulation of a trunk, applied in the order written.</summary>
public sealed record HeaderRuleModel
{
    public required HeaderRuleAction Action { get; init; }

    /// <summary>Header name as written (a SIP token; compare case-insensitively). Never a dialog header (Via, Call-ID, CSeq, …).</summary>
    public required string Header { get; init; }

    /// <summary>The value added, the new value, or the replacement (with <c>$1</c> substitutions) when <see cref="Match"/> is set; add and replace only.</summary>
    public string? Value { get; init; }

    /// <summary>
    /// Replace: the part of the value rewritten (null = the whole value). Remove and pass: only values matching it
    /// (null = every value). Compiled once at load time, with a match timeout.
    /// </summary>
    public Regex? Match { get; init; }

    /// <summary>Upper-case SIP methods the rule applies to; empty = every method.</summary>
    public ImmutableArray<string> Methods { get; init; } = [];

    /// <summary>True when the rule applies to requests of <paramref name="method"/> (and to responses to them).</summary>
    public bool AppliesTo(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (Methods.IsDefaultOrEmpty)
        {
            return true;
        }

        foreach (var m in Methods)
        {
            if (string.Equals(m, method, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
