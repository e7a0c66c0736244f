namespace Palisade.Routing.Config;

/// <summary>A scalar exactly as written (YAML tags are ignored: every value is text until the model builder parses it).</summary>
internal sealed class ConfigScalar(string value, SourcePosition position, bool isNull) : ConfigNode(position)
{
    public string Value { get; } = value;

    /// <summary>Plain <c>~</c>, <c>null</c> or nothing at all after the colon.</summary>
    public bool IsNull { get; } = isNull;

    public override string KindName => IsNull ? "empty" : "a single value";

    public override string ToString() => Value;
}
