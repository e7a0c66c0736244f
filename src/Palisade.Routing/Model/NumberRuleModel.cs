using System.Text.RegularExpressions;

namespace Palisade.Routing.Model;

/// <summary>
/// One number rewrite of a trunk: where <see cref="Match"/> matches, the number becomes
/// <c>Match.Replace(number, Replace)</c> (.NET substitutions: <c>$1</c>, <c>${name}</c>). Per field the first matching
/// rule of a list rewrites and the rest are not evaluated.
/// </summary>
public sealed record NumberRuleModel
{
    /// <summary>Compiled once at load time, with a match timeout.</summary>
    public required Regex Match { get; init; }

    public required string Replace { get; init; }

    public NumberField Field { get; init; } = NumberField.Both;

    /// <summary>True when this rule may rewrite <paramref name="field"/> (<see cref="NumberField.Called"/> or <see cref="NumberField.Calling"/>).</summary>
    public bool Covers(NumberField field) => Field == NumberField.Both || Field == field;
}
