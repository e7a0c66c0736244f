using System.Collections.Immutable;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Palisade.Routing.Config;

/// <summary>Turns YAML text into a <see cref="ConfigNode"/> tree with positions, using YamlDotNet's event parser.</summary>
internal static partial class YamlTreeReader
{
    // Deeper nesting is never a real config; the limit keeps hostile input ("[[[[…") from exhausting the stack.
    private const int MaxDepth = 64;

    /// <summary>The root node; null for an empty file or after a syntax error (already reported).</summary>
    public static ConfigNode? Read(string text, ConfigDiagnostics diagnostics)
    {
        var parser = new Parser(new StringReader(text));
        var last = new SourcePosition(1, 1);
        var anchors = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, anchors, 0, ref last);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                diagnostics.Add(ToPosition(second.Start), "the file holds more than one YAML document ('---'); Palisade reads exactly one");
            }

            return root;
        }
        catch (YamlException ex)
        {
            diagnostics.Add(ToPosition(ex.Start), "YAML syntax error: " + CleanMessage(ex));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws plain exceptions (no position) on some malformed input, e.g. an unclosed
            // '[' followed by block mappings; the last node read is the best position we have.
            diagnostics.Add(last, "YAML syntax error: the file cannot be parsed after this point (look for an unclosed '[', '{' or quote)");
            return null;
        }
    }

    public static SourcePosition ToPosition(Mark mark) => new((int)mark.Line, (int)mark.Column);

    private static ConfigNode ReadNode(IParser parser, Dictionary<string, ConfigNode> anchors, int depth, ref SourcePosition last)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of the file");
        last = ToPosition(current.Start);
        if (depth > MaxDepth)
        {
            throw new YamlException(current.Start, current.End, $"nesting is deeper than {MaxDepth} levels");
        }

        switch (current)
        {
            case Scalar scalar:
            {
                parser.MoveNext();
                var isNull = scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
                return Remember(anchors, scalar.Anchor, new ConfigScalar(scalar.Value, ToPosition(scalar.Start), isNull));
            }

            case AnchorAlias alias:
            {
                parser.MoveNext();
                // Aliases share the anchored node: no copy, so an "alias bomb" cannot blow up memory.
                return anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw new YamlException(alias.Start, alias.End, $"alias '*{alias.Value.Value}' refers to an anchor that is not defined before it");
            }

            case SequenceStart start:
            {
                parser.MoveNext();
                var items = ImmutableArray.CreateBuilder<ConfigNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(ReadNode(parser, anchors, depth + 1, ref last));
                }

                return Remember(anchors, start.Anchor, new ConfigSequence(items.ToImmutable(), ToPosition(start.Start)));
            }

            case MappingStart start:
            {
                parser.MoveNext();
                var entries = ImmutableArray.CreateBuilder<KeyValuePair<ConfigNode, ConfigNode>>();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = ReadNode(parser, anchors, depth + 1, ref last);
                    var value = ReadNode(parser, anchors, depth + 1, ref last);
                    entries.Add(new(key, value));
                }

                return Remember(anchors, start.Anchor, new ConfigMapping(entries.ToImmutable(), ToPosition(start.Start)));
            }

            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private static ConfigNode Remember(Dictionary<string, ConfigNode> anchors, AnchorName anchor, ConfigNode node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the ConfigError carries the position already.
    private static string CleanMessage(YamlException ex)
    {
        var message = PositionPrefix().Replace(ex.Message, "");
        return message.Length == 0 ? "invalid YAML" : char.ToLowerInvariant(message[0]) + message[1..];
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
