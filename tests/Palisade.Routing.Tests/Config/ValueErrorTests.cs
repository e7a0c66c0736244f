using System.Text.RegularExpressions;

namespace Palisade.Routing.Tests.Config;

/// <summary>One test per kind of bad value, each on a broken copy of lab.yaml, checking the reported line.</summary>
public sealed class ValueErrorTests
{
    [Fact]
    public void Bad_ip_address()
    {
        var text = LabFile.With(("{ name: public-tcp, transport: tcp, address: 127.0.0.1,", "{ name: public-tcp, transport: tcp, address: 127.0.0.300,"));

        var result = LabFile.Load(text);

        var error = LabFile.AssertError(result, LabFile.LineOf(text, "127.0.0.300"), "bad IP address '127.0.0.300' in listener 'public-tcp'");
        Assert.Equal(LabFile.ColumnOf(text, "127.0.0.300"), error.Column);
    }

    [Fact]
    public void Short_ipv4_forms_are_not_addresses()
    {
        // IPAddress.TryParse would take "127.1" as 127.0.0.1.
        var text = LabFile.With(("  address: 127.0.0.1\n  ports:", "  address: 127.1\n  ports:"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, LabFile.LineOf(text, "address: 127.1"), "bad IP address '127.1' in the media section");
    }

    [Fact]
    public void Bad_cidr_prefix()
    {
        var text = LabFile.With(("allow-from: [127.0.0.4/32]", "allow-from: [127.0.0.4/33]"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, LabFile.LineOf(text, "127.0.0.4/33"), "bad CIDR '127.0.0.4/33' in allow-from of trunk 'carrier-b': the prefix length must be 0 to 32");
    }

    [Fact]
    public void Cidr_with_host_bits_suggests_the_network()
    {
        var text = LabFile.With(("allow-from: [127.0.0.3/32]", "allow-from: [52.112.0.1/14]"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, LabFile.LineOf(text, "52.112.0.1/14"), "did you mean '52.112.0.0/14'?");
    }

    [Fact]
    public void Bad_port()
    {
        var text = LabFile.With(("address: 127.0.0.1, port: 5061", "address: 127.0.0.1, port: 70000"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, LabFile.LineOf(text, "port: 70000"), "bad port '70000' in listener 'teams-tls': a port is a whole number from 1 to 65535");
    }

    [Fact]
    public void Bad_port_range_syntax()
    {
        var text = LabFile.With(("ports: 40000-40999", "ports: 40000:40999"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, LabFile.LineOf(text, "ports: 40000:40999"), "bad media port range '40000:40999' in the media section: expected FIRST-LAST");
    }

    [Fact]
    public void Media_port_range_inverted()
    {
        var text = LabFile.With(("ports: 40000-40999", "ports: 40999-40000"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, LabFile.LineOf(text, "ports: 40999-40000"), "it is inverted; write the lower port first (40000-40999)");
    }

    [Theory]
    [InlineData("40000-40998")]
    [InlineData("40001-40999")]
    public void Media_port_range_must_hold_whole_rtp_rtcp_pairs(string range)
    {
        var text = LabFile.With(("ports: 40000-40999", "ports: " + range));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, LabFile.LineOf(text, "ports: " + range), "must start on an even port and end on an odd one");
    }

    [Fact]
    public void Bad_regex_shows_the_dotnet_error()
    {
        var text = LabFile.With(("called: '^\\+(1|44)'", "called: '^\\+(1|44'"));
        var dotnetMessage = Assert.Throws<RegexParseException>(() => new Regex("^\\+(1|44")).Message;

        var result = LabFile.Load(text);

        var error = LabFile.AssertError(result, LabFile.LineOf(text, "(1|44'"), "bad regex '^\\+(1|44' in 'called' of route 'teams-to-pstn': ");
        Assert.EndsWith(dotnetMessage, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("14255550100")]
    [InlineData("+04255550100")]
    [InlineData("+1425555010012345")]
    [InlineData("+1-425-555-0100")]
    public void Bad_e164_number(string number)
    {
        var text = LabFile.With(("{ number: \"+14255550101\",", $"{{ number: \"{number}\","));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 96, $"bad E.164 number '{number}' in number '{number}'");
    }

    [Fact]
    public void Bad_number_range()
    {
        var text = LabFile.With(("\"+14255550200..+14255550299\"", "\"+14255550299..+14255550200\""));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 97, "it is inverted; write the lower number first (+14255550200..+14255550299)");
    }

    [Theory]
    [InlineData("60", "bad interval '60' in the probe of trunk 'teams': expected a number with a unit (ms, s, m or h)")]
    [InlineData("60x", "bad interval '60x'")]
    [InlineData("0s", "bad interval '0s' in the probe of trunk 'teams': it must be from 1s to 1h")]
    [InlineData("2h", "it must be from 1s to 1h")]
    public void Invalid_duration(string interval, string message)
    {
        var text = LabFile.With(("probe: { interval: 60s }", $"probe: {{ interval: {interval} }}"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 90, message);
    }

    [Theory]
    [InlineData("90s")]
    [InlineData("2m")]
    [InlineData("1m30s")]
    [InlineData("1h")]
    public void Valid_durations_in_every_unit(string interval)
    {
        var text = LabFile.With(("probe: { interval: 60s }", $"probe: {{ interval: {interval}, timeout: 500ms, up-after: 2, down-after: 3 }}"));

        var result = LabFile.Load(text);

        Assert.Empty(result.Errors);
        var probe = result.Model!.TrunksById["teams"].Probe;
        var expected = interval switch { "2m" => TimeSpan.FromMinutes(2), "1h" => TimeSpan.FromHours(1), _ => TimeSpan.FromSeconds(90) };
        Assert.Equal(expected, probe.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), probe.Timeout);
        Assert.Equal((2, 3), (probe.UpAfter, probe.DownAfter));
    }

    [Theory]
    [InlineData("\"1.1\"")]
    [InlineData("\"1.0\"")]
    [InlineData("tls13")]
    public void Min_version_other_than_1_2_or_1_3(string version)
    {
        var text = LabFile.With(("min-version: \"1.2\"", "min-version: " + version));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, LabFile.LineOf(text, "min-version:"), "expected \"1.2\" or \"1.3\"");
    }

    [Fact]
    public void Min_version_1_3_unquoted_is_accepted()
    {
        var result = LabFile.Load(LabFile.With(("min-version: \"1.2\"", "min-version: 1.3")));

        Assert.Empty(result.Errors);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, result.Model!.Tls.MinVersion);
    }

    [Fact]
    public void Bad_rate_prefix_and_price_on_one_line_are_both_reported()
    {
        var text = LabFile.With(("prefixes: { \"+1\": 0.0040,", "prefixes: { \"1\": -0.0040,"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, 61, "bad rate prefix '1' in the rates of trunk 'carrier-a'");
        LabFile.AssertError(result, 61, "bad price '-0.0040' in the rates of trunk 'carrier-a'");
    }

    [Fact]
    public void Weighted_route_targets_with_weights()
    {
        var text = LabFile.With(
            ("    select: least-cost\n    to: [carrier-a, carrier-b]", "    select: weighted\n    to: [{ trunk: carrier-a, weight: 70 }, { trunk: carrier-b, weight: 30 }]"));

        var result = LabFile.Load(text);

        Assert.Empty(result.Errors);
        var route = result.Model!.RoutesById["teams-to-pstn"];
        Assert.Equal(Palisade.Routing.Model.RouteSelection.Weighted, route.Select);
        Assert.Equal([("carrier-a", 70), ("carrier-b", 30)], route.To.Select(t => (t.Trunk.Id, t.Weight)).ToArray());
    }

    [Fact]
    public void Bad_keyword_suggests_the_closest_word()
    {
        var text = LabFile.With(("    select: least-cost", "    select: leastcost"));

        var result = LabFile.Load(text);

        LabFile.AssertError(result, LabFile.LineOf(text, "select: leastcost"),
            "bad select 'leastcost' in route 'teams-to-pstn': expected ordered, weighted or least-cost; did you mean 'least-cost'?");
    }

    [Fact]
    public void Missing_certificate_file_is_reported_relative_to_the_config_folder()
    {
        var text = LabFile.With(("  certificate: auto", "  certificate: { cert: no-such-cert.pem, key: no-such-key.pem }"));

        var result = LabFile.Load(text);

        var expectedPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(LabFile.Path)!, "no-such-cert.pem");
        LabFile.AssertError(result, LabFile.LineOf(text, "no-such-cert.pem"), $"bad certificate file 'no-such-cert.pem' in the tls section: the file does not exist (looked for {expectedPath})");
        Assert.Equal(2, result.Errors.Count);
    }

    [Fact]
    public void Existing_certificate_files_resolve_to_absolute_paths()
    {
        var folder = Directory.CreateTempSubdirectory("palisade-config-").FullName;
        try
        {
            File.WriteAllText(System.IO.Path.Combine(folder, "sbc.pfx"), "not read by the loader");
            File.WriteAllText(System.IO.Path.Combine(folder, "ca.pem"), "not read by the loader");
            var configPath = System.IO.Path.Combine(folder, "palisade.yaml");
            File.WriteAllText(configPath, LabFile.With(
                ("  certificate: auto", "  certificate: { pfx: sbc.pfx, password: s3cret }"),
                ("  trust: auto", "  trust: ca.pem")));

            var result = Palisade.Routing.Config.ConfigLoader.LoadFile(configPath);

            Assert.Empty(result.Errors);
            var tls = result.Model!.Tls;
            Assert.Equal(Palisade.Routing.Model.TlsCertificateSource.Pfx, tls.Certificate);
            Assert.Equal(System.IO.Path.Combine(folder, "sbc.pfx"), tls.CertificatePath);
            Assert.Equal("s3cret", tls.PfxPassword);
            Assert.DoesNotContain("s3cret", tls.ToString(), StringComparison.Ordinal);
            Assert.Equal(Palisade.Routing.Model.TlsTrustSource.File, tls.Trust);
            Assert.Equal(System.IO.Path.Combine(folder, "ca.pem"), tls.TrustPath);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
