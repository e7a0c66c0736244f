using Palisade.Routing.Config;

namespace Palisade.Routing.Tests.Config;

/// <summary>Shape errors: unknown, missing, duplicate keys, wrong node types, YAML syntax, unreadable files.</summary>
public sealed class StructureErrorTests
{
    [Fact]
    public void Unknown_key_suggests_the_closest_known_key()
    {
        var text = LabFile.With(("    endpoints:\n      - { host: 127.0.0.2,", "    endpoint:\n      - { host: 127.0.0.2,"));

        var result = LabFile.Load(text);

        var error = LabFile.AssertError(result, LabFile.LineOf(text, "endpoint:"),
            "unknown key 'endpoint' in trunk 'carrier-a'; did you mean 'endpoints'?");
        Assert.Equal(5, error.Column);
        Assert.Equal($"{LabFile.Path}:55:5: unknown key 'endpoint' in trunk 'carrier-a'; did you mean 'endpoints'?", error.ToString());
    }

    [Fact]
    public void Unknown_key_far_from_every_known_key_has_no_suggestion()
    {
        var text = LabFile.With(("    max-calls: 20", "    max-calls: 20\n    colour: blue"));

        var result = LabFile.Load(text);

        var error = LabFile.AssertError(result, LabFile.LineOf(text, "colour: blue"), "unknown key 'colour' in tenant 'fabrikam'");
        Assert.DoesNotContain("did you mean", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_top_level_section_is_reported()
    {
        var text = LabFile.With(("routes:\n", "route:\n"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, LabFile.LineOf(text, "route:"), "unknown key 'route' in the top level; did you mean 'routes'?");
    }

    [Fact]
    public void Wrong_type_is_reported_with_what_was_expected()
    {
        var text = LabFile.With(("    endpoints:\n      - { host: 127.0.0.5, port: 5060, transport: udp }", "    endpoints: 127.0.0.5"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, LabFile.LineOf(text, "endpoints: 127.0.0.5"),
            "'endpoints' in trunk 'pbx' must be a list, but it is a single value");
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Missing_required_key_points_at_the_item()
    {
        var text = LabFile.With(("    kind: pbx\n", ""));

        var result = LabFile.Load(text);

        var error = LabFile.AssertError(result, LabFile.LineOf(text, "- id: pbx"), "trunk 'pbx' has no 'kind'; expected teams, acs, carrier or pbx");
        Assert.Equal(5, error.Column);
    }

    [Fact]
    public void Key_without_a_value_is_reported()
    {
        var text = LabFile.With(("    tenant: contoso\n", "    tenant:\n"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 118, "'tenant' in route 'teams-to-pbx' has no value");
    }

    [Fact]
    public void Duplicate_yaml_key_is_reported_on_the_second_occurrence()
    {
        var text = LabFile.With(("    kind: pbx\n", "    kind: pbx\n    kind: carrier\n"));

        var result = LabFile.Load(text);

        // lab.yaml has the pbx trunk's kind on line 75; the inserted duplicate is the next line.
        var error = LabFile.AssertError(result, 76, "duplicate key 'kind' in trunk 'pbx'; it is already set on line 75");
        Assert.Equal(5, error.Column);
    }

    [Fact]
    public void Yaml_syntax_error_has_line_and_column()
    {
        var text = LabFile.With(("    teams-fqdn: contoso.sbc.lab.example.net", "    teams-fqdn: [contoso.sbc.lab.example.net"));

        var result = LabFile.Load(text);

        Assert.Null(result.Model);
        var error = Assert.Single(result.Errors);
        Assert.True(error.Message.StartsWith("YAML syntax error: ", StringComparison.Ordinal), error.ToString());
        Assert.InRange(error.Line, LabFile.LineOf(text, "[contoso"), LabFile.LineOf(text, "[contoso") + 3);
        Assert.True(error.Column > 0);
        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_scanner_error_is_reported_at_the_offending_line()
    {
        var text = LabFile.With(("    max-calls: 50", "    max-calls: 50: 60"));

        var result = LabFile.Load(text);

        var error = LabFile.AssertError(result, 45, "YAML syntax error: ");
        Assert.Equal(18, error.Column);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Top_level_must_be_a_mapping()
    {
        var result = ConfigLoader.LoadText("- just\n- a list\n", "list.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("list.yaml", 1, 1), (error.File, error.Line, error.Column));
        Assert.Contains("the top level must be a mapping", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_file_gives_one_clear_error()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"palisade-missing-{Guid.NewGuid():N}.yaml");

        var result = ConfigLoader.LoadFile(path);

        Assert.Null(result.Model);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.File);
        Assert.Equal(0, error.Line);
        Assert.Equal($"{path}: cannot read the configuration file: the file does not exist", error.ToString());
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var text = LabFile.With(
            ("address: 127.0.0.1, port: 5061", "address: 127.0.0.1, port: 70000"),
            ("    probe: { interval: 60s }", "    probe: { interval: 60 }"),
            ("  - { number: \"+14255550101\"", "  - { number: \"14255550101\""),
            ("    called: '^\\d{4}$'", "    called: '^\\d{4$('"));

        var result = LabFile.Load(text);

        Assert.Null(result.Model);
        LabFile.AssertError(result, LabFile.LineOf(text, "port: 70000"), "bad port '70000'");
        LabFile.AssertError(result, LabFile.LineOf(text, "interval: 60 }"), "bad interval '60'");
        LabFile.AssertError(result, LabFile.LineOf(text, "\"14255550101\""), "bad E.164 number '14255550101'");
        LabFile.AssertError(result, LabFile.LineOf(text, "'^\\d{4$('"), "bad regex");
        Assert.Equal(4, result.Errors.Count);
        Assert.Equal(result.Errors.OrderBy(e => e.Line).Select(e => e.Line), result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void Truncated_or_garbled_input_never_throws()
    {
        var lab = LabFile.Text;
        for (var length = 0; length < lab.Length; length += 13)
        {
            var result = ConfigLoader.LoadText(lab[..length], "cut.yaml");
            Assert.True(result.Model is not null || result.Errors.Count > 0);
            Assert.DoesNotContain(result.Errors, e => e.Message.StartsWith("internal error", StringComparison.Ordinal));
        }

        foreach (var junk in new[] { "\t", ": :", "[", "{a: [}", "*alias", "&a [*a]", "key: &x\n  - *x", "\"\\u", "--- a\n--- b\n", new string('[', 5000) })
        {
            var result = ConfigLoader.LoadText(junk, "junk.yaml");
            Assert.DoesNotContain(result.Errors, e => e.Message.StartsWith("internal error", StringComparison.Ordinal));
        }
    }
}
