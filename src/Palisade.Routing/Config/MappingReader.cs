using System.Collections.Immutable;

namespace Palisade.Routing.Config;

/// <summary>
/// Reads the keys of one YAML mapping against a fixed key list: type errors, missing values, duplicate and unknown
/// keys (with a suggestion) are reported with the position of the offending node. Call <see cref="Finish"/> last,
/// once <see cref="Context"/> names the item (e.g. "trunk 'carrier-a'").
/// </summary>
internal sealed class MappingReader
{
    private readonly ConfigDiagnostics diagnostics;
    private readonly string[] knownKeys;
    private readonly Dictionary<string, KeyValuePair<ConfigScalar, ConfigNode>> entries = new(StringComparer.Ordinal);
    private readonly List<(ConfigScalar Key, int FirstLine)> duplicates = [];
    private readonly List<ConfigNode> badKeys = [];

    public MappingReader(ConfigMapping mapping, string context, ConfigDiagnostics diagnostics, params string[] knownKeys)
    {
        Mapping = mapping;
        Context = context;
        this.diagnostics = diagnostics;
        this.knownKeys = knownKeys;
        foreach (var (keyNode, value) in mapping.Entries)
        {
            if (keyNode is not ConfigScalar { IsNull: false } key)
            {
                badKeys.Add(keyNode);
                continue;
            }

            if (!entries.TryAdd(key.Value, new(key, value)))
            {
                duplicates.Add((key, entries[key.Value].Key.Position.Line));
            }
        }
    }

    public ConfigMapping Mapping { get; }

    /// <summary>Where we are, in words: "trunk 'carrier-a'", "the tls section".</summary>
    public string Context { get; set; }

    public SourcePosition Position => Mapping.Position;

    public bool Has(string key) => entries.ContainsKey(key);

    /// <summary>The value node, or null when the key is absent.</summary>
    public ConfigNode? Node(string key) => entries.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>A single value; null when absent, empty, or not a single value (the last two are reported).</summary>
    public ConfigScalar? Scalar(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                return null;
            case ConfigScalar { IsNull: true }:
                diagnostics.Add(node, $"'{key}' in {Context} has no value");
                return null;
            case ConfigScalar scalar:
                return scalar;
            default:
                WrongType(key, node, "a single value");
                return null;
        }
    }

    /// <summary>Like <see cref="Scalar"/> but an absent key is reported too.</summary>
    public ConfigScalar? RequiredScalar(string key, string hint = "")
    {
        if (!Has(key))
        {
            diagnostics.Add(Position, $"{Context} has no '{key}'{hint}");
            return null;
        }

        return Scalar(key);
    }

    public ConfigMapping? MappingValue(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                return null;
            case ConfigMapping mapping:
                return mapping;
            default:
                WrongType(key, node, "a mapping (key: value pairs)");
                return null;
        }
    }

    public ConfigSequence? Sequence(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                return null;
            case ConfigSequence sequence:
                return sequence;
            default:
                WrongType(key, node, "a list");
                return null;
        }
    }

    /// <summary>A list of single values; one bare value is accepted as a list of one (<c>from: teams</c>). Default when absent.</summary>
    public ImmutableArray<ConfigScalar> ScalarList(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                return default;
            case ConfigScalar { IsNull: true }:
                diagnostics.Add(node, $"'{key}' in {Context} has no value");
                return default;
            case ConfigScalar scalar:
                return [scalar];
            case ConfigSequence sequence:
                var items = ImmutableArray.CreateBuilder<ConfigScalar>(sequence.Items.Length);
                foreach (var item in sequence.Items)
                {
                    if (item is ConfigScalar { IsNull: false } value)
                    {
                        items.Add(value);
                    }
                    else
                    {
                        diagnostics.Add(item, $"each item of '{key}' in {Context} must be a single value, but this one is {item.KindName}");
                    }
                }

                return items.ToImmutable();
            default:
                WrongType(key, node, "a list");
                return default;
        }
    }

    /// <summary>Reports duplicate, malformed and unknown keys; call once, after every key has been read.</summary>
    public void Finish()
    {
        foreach (var (key, firstLine) in duplicates)
        {
            diagnostics.Add(key, $"duplicate key '{key.Value}' in {Context}; it is already set on line {firstLine}");
        }

        foreach (var key in badKeys)
        {
            diagnostics.Add(key, $"a key in {Context} must be a plain name, but this one is {key.KindName}");
        }

        foreach (var (name, entry) in entries)
        {
            if (Array.IndexOf(knownKeys, name) < 0)
            {
                diagnostics.Add(entry.Key, $"unknown key '{name}' in {Context}{KeySuggester.Hint(name, knownKeys)}");
            }
        }
    }

    private void WrongType(string key, ConfigNode node, string expected) =>
        diagnostics.Add(node, $"'{key}' in {Context} must be {expected}, but it is {node.KindName}");
}
