using Palisade.Routing.Config;
using Palisade.Routing.Model;

namespace Palisade.Routing.Tests.Config;

/// <summary>Trunk keys beyond addressing: limits, rules, identity, session timer, auth; valid and invalid, with lines.</summary>
public sealed class TrunkPolicyConfigTests
{
    private const string CarrierARates = """    rates: { currency: USD, prefixes: { "+1": 0.0040, "+44": 0.0065 } }""";

    /// <summary>lab.yaml with <paramref name="lines"/> (4-space indented keys) added to trunk carrier-a.</summary>
    private static string CarrierA(string lines) => LabFile.With((CarrierARates, CarrierARates + "\n" + lines));

    private static TrunkModel LoadCarrierA(string lines)
    {
        var result = LabFile.Load(CarrierA(lines));
        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        return result.Model!.TrunksById["carrier-a"];
    }

    [Fact]
    public void Lab_trunks_get_the_defaults()
    {
        var model = ConfigLoader.LoadFile(LabFile.Path).Model!;
        var carrier = model.TrunksById["carrier-a"];
        var teams = model.TrunksById["teams"];

        Assert.Null(carrier.MaxCalls);
        Assert.Null(carrier.MaxCallsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(10), carrier.SetupTimeout);
        Assert.Empty(carrier.NumberRulesIn);
        Assert.Empty(carrier.HeaderRulesOut);
        Assert.Equal(DiversionMode.Diversion, carrier.DiversionMode);
        Assert.Equal((PaiMode.Pass, PrivacyMode.Pass), (carrier.Identity.Pai, carrier.Identity.Privacy));
        Assert.Equal(RedirectMode.Follow, carrier.Redirect);
        Assert.Equal(ContactHostMode.Address, carrier.ContactHost);
        Assert.Equal(ContactHostMode.Fqdn, teams.ContactHost);
        Assert.Equal((TimeSpan.FromSeconds(1800), TimeSpan.FromSeconds(90)), (carrier.SessionTimer!.Expires, carrier.SessionTimer.MinSe));
        Assert.Null(carrier.Auth);
        Assert.Equal((60, 60, 0m), (carrier.Rates!.FirstIncrementSeconds, carrier.Rates.IncrementSeconds, carrier.Rates.ConnectionFee));
    }

    [Fact]
    public void Every_trunk_key_is_read_into_the_model()
    {
        var trunk = LoadCarrierA("""
                max-calls: 120
                max-cps: 8
                setup-timeout: 4s
                diversion: history-info
                identity: { pai: from, privacy: strip }
                redirect: pass
                contact-host: fqdn
                session-timer: { expires: 600s, min-se: 120s }
                auth: { username: palisade, password: "s3cret", realm: carrier.example, register: true, expires: 600s, registrar: "reg.carrier.example:5080" }
                number-rules:
                  in:
                    - { match: '^0(\d{10})$', replace: '+44$1', field: called }
                    - { match: '^(\d+)$', replace: '+$1' }
                  out:
                    - { match: '^\+1(\d{10})$', replace: '$1', field: calling }
                header-rules:
                  in:
                    - { action: pass, header: User-to-User, methods: [invite, BYE] }
                  out:
                    - { action: add, header: X-Carrier-Account, value: "4711" }
                    - { action: replace, header: P-Charge-Info, match: '^<sip:(\d+)@', value: '<sip:+$1@' }
                    - { action: remove, header: X-MS-Teams-Tenant, match: 'contoso' }
            """);

        Assert.Equal(120, trunk.MaxCalls);
        Assert.Equal(8, trunk.MaxCallsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(4), trunk.SetupTimeout);
        Assert.Equal(DiversionMode.HistoryInfo, trunk.DiversionMode);
        Assert.Equal((PaiMode.From, PrivacyMode.Strip), (trunk.Identity.Pai, trunk.Identity.Privacy));
        Assert.Equal(RedirectMode.Pass, trunk.Redirect);
        Assert.Equal(ContactHostMode.Fqdn, trunk.ContactHost);
        Assert.Equal((TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(120)), (trunk.SessionTimer!.Expires, trunk.SessionTimer.MinSe));

        var auth = trunk.Auth!;
        Assert.Equal(("palisade", "s3cret", "carrier.example"), (auth.Username, auth.Password, auth.Realm));
        Assert.True(auth.Register);
        Assert.False(auth.ChallengeInbound);
        Assert.Equal(TimeSpan.FromSeconds(600), auth.Expires);
        Assert.Equal(("reg.carrier.example", 5080), (auth.RegistrarHost, auth.RegistrarPort));

        Assert.Equal(2, trunk.NumberRulesIn.Length);
        Assert.Equal(NumberField.Called, trunk.NumberRulesIn[0].Field);
        Assert.Equal(NumberField.Both, trunk.NumberRulesIn[1].Field);
        Assert.Equal("+44$1", trunk.NumberRulesIn[0].Replace);
        Assert.Equal(NumberField.Calling, Assert.Single(trunk.NumberRulesOut).Field);

        var pass = Assert.Single(trunk.HeaderRulesIn);
        Assert.Equal((HeaderRuleAction.Pass, "User-to-User"), (pass.Action, pass.Header));
        Assert.Equal(["INVITE", "BYE"], pass.Methods.ToArray());
        Assert.True(pass.AppliesTo("INVITE"));
        Assert.False(pass.AppliesTo("OPTIONS"));
        Assert.Equal([HeaderRuleAction.Add, HeaderRuleAction.Replace, HeaderRuleAction.Remove], trunk.HeaderRulesOut.Select(r => r.Action));
        Assert.Equal("4711", trunk.HeaderRulesOut[0].Value);
        Assert.True(trunk.HeaderRulesOut[0].AppliesTo("BYE"));
        Assert.Equal("<sip:+4420@example>", trunk.HeaderRulesOut[1].Match!.Replace("<sip:4420@example>", trunk.HeaderRulesOut[1].Value!));
    }

    [Fact]
    public void Auth_password_never_reaches_a_log()
    {
        var auth = LoadCarrierA("    auth: { username: palisade, password: hunter2 }").Auth!;

        Assert.DoesNotContain("hunter2", auth.ToString(), StringComparison.Ordinal);
        Assert.Contains("Password = ***", auth.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Registrar_defaults_to_the_first_endpoint()
    {
        var auth = LoadCarrierA("    auth: { username: palisade, password: pw, register: true }").Auth!;

        Assert.Equal(("127.0.0.2", 5060), (auth.RegistrarHost, auth.RegistrarPort));
        Assert.Equal(TimeSpan.FromSeconds(3600), auth.Expires);
    }

    [Fact]
    public void Session_timer_off()
    {
        Assert.Null(LoadCarrierA("    session-timer: off").SessionTimer);
    }

    [Theory]
    [InlineData("    max-calls: -1", "max-calls: -1", "bad max-calls '-1' in trunk 'carrier-a': it must be 0 to 1000000")]
    [InlineData("    max-cps: lots", "max-cps: lots", "bad max-cps 'lots' in trunk 'carrier-a': expected a whole number")]
    [InlineData("    setup-timeout: 10", "setup-timeout: 10", "bad setup-timeout '10' in trunk 'carrier-a': expected a number with a unit")]
    [InlineData("    setup-timeout: 10m", "setup-timeout: 10m", "bad setup-timeout '10m' in trunk 'carrier-a': it must be from 1s to 2m")]
    [InlineData("    diversion: divertion", "divertion", "bad diversion 'divertion' in trunk 'carrier-a': expected diversion, history-info or none; did you mean 'diversion'?")]
    [InlineData("    redirect: folow", "folow", "bad redirect 'folow' in trunk 'carrier-a': expected follow or pass; did you mean 'follow'?")]
    [InlineData("    contact-host: ip", "contact-host: ip", "bad contact-host 'ip' in trunk 'carrier-a': expected fqdn or address")]
    [InlineData("    identity: { pai: asserted }", "asserted", "bad pai 'asserted' in the identity of trunk 'carrier-a': expected pass, from or none")]
    [InlineData("    identity: { privacy: hide }", "hide", "bad privacy 'hide' in the identity of trunk 'carrier-a': expected pass or strip")]
    [InlineData("    identity: { pia: from }", "pia", "unknown key 'pia' in the identity of trunk 'carrier-a'; did you mean 'pai'?")]
    [InlineData("    session-timer: on", "session-timer: on", "bad session-timer 'on' in trunk 'carrier-a': expected off, or a mapping { expires, min-se }")]
    [InlineData("    session-timer: [1800s]", "[1800s]", "'session-timer' in trunk 'carrier-a' must be 'off' or a mapping { expires, min-se }, but it is a list")]
    [InlineData("    session-timer: { expires: 1800s, min-se: 60s }", "min-se: 60s", "bad min-se '60s' in the session-timer of trunk 'carrier-a': RFC 4028 requires at least 90s")]
    [InlineData("    session-timer: { expires: 100s, min-se: 120s }", "expires: 100s", "the session-timer expires of trunk 'carrier-a' (100s) is shorter than its min-se (120s)")]
    [InlineData("    session-timer: { expire: 1800s }", "expire:", "unknown key 'expire' in the session-timer of trunk 'carrier-a'; did you mean 'expires'?")]
    public void Bad_trunk_values_are_reported_on_their_line(string lines, string marker, string message)
    {
        var text = CarrierA(lines);

        LabFile.AssertError(LabFile.Load(text), LabFile.LineOf(text, marker), message);
    }

    [Theory]
    [InlineData(@"{ match: '^0(\d+', replace: '+44$1' }", "bad regex '^0(\\d+' in number rule in #1 of trunk 'carrier-a': ")]
    [InlineData(@"{ match: '^0(\d+)$', replace: '+44$2' }", "bad replace '+44$2' in number rule in #1 of trunk 'carrier-a': it refers to group $2, but the pattern '^0(\\d+)$' has 1 group; write $$ for a literal '$'")]
    [InlineData(@"{ match: '^0(\d+)$', replace: '+44${area}' }", "it refers to group ${area}, but the pattern")]
    [InlineData(@"{ match: '^0(\d+)$', replace: '+44$1', field: callee }", "bad field 'callee' in number rule in #1 of trunk 'carrier-a': expected called, calling or both; did you mean 'called'?")]
    [InlineData(@"{ match: '^0(\d+)$' }", "number rule in #1 of trunk 'carrier-a' has no 'replace'")]
    [InlineData(@"{ match: '^0(\d+)$', replce: '+44$1' }", "unknown key 'replce' in number rule in #1 of trunk 'carrier-a'; did you mean 'replace'?")]
    public void Bad_number_rules_are_reported_on_their_line(string rule, string message)
    {
        var text = CarrierA("    number-rules:\n      in:\n        - " + rule);

        LabFile.AssertError(LabFile.Load(text), LabFile.LineOf(text, "        - {"), message);
    }

    [Fact]
    public void Replacement_dollar_escapes_and_named_groups_are_accepted()
    {
        var trunk = LoadCarrierA("""
                number-rules:
                  out:
                    - { match: '^\+(?<cc>1)(?<rest>\d+)$', replace: '${cc}-${rest}$$' }
            """);

        Assert.Equal("1-4255550100$", trunk.NumberRulesOut[0].Match.Replace("+14255550100", trunk.NumberRulesOut[0].Replace));
    }

    [Theory]
    [InlineData("{ action: add, header: Via, value: x }", "header rule out #1 of trunk 'carrier-a' cannot add 'Via': Via belongs to the dialog, and Palisade writes it itself on each leg")]
    [InlineData("{ action: replace, header: i, value: x }", "cannot replace 'i' (the compact form of Call-ID): Call-ID belongs to the dialog")]
    [InlineData("{ action: pass, header: max-forwards }", "cannot pass 'max-forwards': Max-Forwards belongs to the dialog")]
    [InlineData("{ action: remove, header: Record-Route }", "cannot remove 'Record-Route'")]
    [InlineData("{ action: add, header: 'X Customer', value: x }", "bad header name 'X Customer' in header rule out #1 of trunk 'carrier-a': a header name is a SIP token")]
    [InlineData("{ action: remove, header: X-A, value: x }", "header rule out #1 of trunk 'carrier-a' has a 'value', but only add and replace use one")]
    [InlineData("{ action: add, header: X-A }", "header rule out #1 of trunk 'carrier-a' has no 'value'; add needs the header value to write")]
    [InlineData("{ action: add, header: X-A, value: x, match: y }", "has a 'match', but add does not use one")]
    [InlineData("{ action: pass, header: X-A, methods: [INVTE] }", "bad method 'INVTE' in header rule out #1 of trunk 'carrier-a': expected a SIP method such as INVITE; did you mean 'INVITE'?")]
    [InlineData("{ action: delete, header: X-A }", "bad action 'delete' in header rule out #1 of trunk 'carrier-a': expected add, remove, replace or pass")]
    [InlineData("{ action: replace, header: X-A, match: '(', value: x }", "bad regex '(' in header rule out #1 of trunk 'carrier-a'")]
    [InlineData("{ header: X-A }", "header rule out #1 of trunk 'carrier-a' has no 'action'; expected add, remove, replace or pass")]
    public void Bad_header_rules_are_reported_on_their_line(string rule, string message)
    {
        var text = CarrierA("    header-rules:\n      out:\n        - " + rule);

        LabFile.AssertError(LabFile.Load(text), LabFile.LineOf(text, "        - {"), message);
    }

    [Theory]
    [InlineData("    auth: { username: u }", "auth:", "the auth of trunk 'carrier-a' has no 'password'")]
    [InlineData("    auth: { username: u, password: p, register: yes }", "auth:", "bad register 'yes' in the auth of trunk 'carrier-a': expected true or false")]
    [InlineData("    auth: { username: u, password: p, expires: 10s }", "auth:", "bad expires '10s' in the auth of trunk 'carrier-a': it must be from 1m to 24h")]
    [InlineData("    auth: { username: u, password: p, registrar: 'reg.example:99999' }", "auth:", "bad registrar 'reg.example:99999' in the auth of trunk 'carrier-a': expected HOST or HOST:PORT")]
    [InlineData("    auth: { username: u, password: '' }", "auth:", "bad password '' in the auth of trunk 'carrier-a': it is empty")]
    public void Bad_auth_is_reported_on_its_line(string lines, string marker, string message)
    {
        var text = CarrierA(lines);

        LabFile.AssertError(LabFile.Load(text), LabFile.LineOf(text, marker), message);
    }

    [Theory]
    [InlineData("[2001:db8::1]:5070", "2001:db8::1", 5070)]
    [InlineData("2001:db8::1", "2001:db8::1", 5060)]
    [InlineData("192.0.2.7", "192.0.2.7", 5060)]
    [InlineData("Reg.Example.NET:5080", "reg.example.net", 5080)]
    public void Registrar_forms(string registrar, string host, int port)
    {
        var auth = LoadCarrierA($"    auth: {{ username: u, password: p, registrar: '{registrar}' }}").Auth!;

        Assert.Equal((host, port), (auth.RegistrarHost, auth.RegistrarPort));
    }

    [Fact]
    public void Teams_takes_no_digest_auth()
    {
        var text = LabFile.With(("allow-from: [127.0.0.3/32]", "allow-from: [127.0.0.3/32]\n    auth: { username: u, password: p }"));

        LabFile.AssertError(LabFile.Load(text), LabFile.LineOf(text, "auth: { username: u"),
            "trunk 'teams' is kind teams, which authenticates with mutual TLS, not digest; remove 'auth'");
    }

    [Fact]
    public void Teams_needs_an_fqdn_contact()
    {
        var text = LabFile.With(("allow-from: [127.0.0.3/32]", "allow-from: [127.0.0.3/32]\n    contact-host: address"));

        LabFile.AssertError(LabFile.Load(text), LabFile.LineOf(text, "contact-host: address"),
            "trunk 'teams' is kind teams: Microsoft's Teams SIP proxy requires an FQDN in the Contact");
    }

    [Fact]
    public void A_trunk_without_allow_from_is_refused_unless_it_challenges()
    {
        var missing = LabFile.With(("    allow-from: [127.0.0.5/32]\n", ""));
        LabFile.AssertError(LabFile.Load(missing), LabFile.LineOf(missing, "- id: pbx"),
            "trunk 'pbx' has no 'allow-from'; list the networks its requests come from, such as [192.0.2.0/24], or set auth.challenge-inbound: true");

        var empty = LabFile.With(("allow-from: [127.0.0.5/32]", "allow-from: []"));
        LabFile.AssertError(LabFile.Load(empty), LabFile.LineOf(empty, "allow-from: []"),
            "'allow-from' of trunk 'pbx' is empty, so no request would be accepted from it");

        var challenging = LabFile.Load(LabFile.With(("    allow-from: [127.0.0.5/32]\n", "    auth: { username: pbx, password: pw, challenge-inbound: true }\n")));
        Assert.True(challenging.Succeeded, string.Join('\n', challenging.Errors));
        var pbx = challenging.Model!.TrunksById["pbx"];
        Assert.Empty(pbx.AllowFrom);
        Assert.True(pbx.Auth!.ChallengeInbound);
    }

    [Fact]
    public void Unknown_trunk_key_still_suggests_the_new_keys()
    {
        var text = CarrierA("    max-call: 10");

        LabFile.AssertError(LabFile.Load(text), LabFile.LineOf(text, "max-call: 10"), "unknown key 'max-call' in trunk 'carrier-a'; did you mean 'max-calls'?");
    }

    [Fact]
    public void Rate_billing_and_connection_fee()
    {
        var text = LabFile.With((
            """rates: { currency: USD, prefixes: { "+1": 0.0040, "+44": 0.0065 } }""",
            """rates: { currency: USD, prefixes: { "+1": 0.0040, "+44": 0.0065 }, billing: 30/6, connection-fee: 0.01 }"""));
        var rates = LabFile.Load(text).Model!.TrunksById["carrier-a"].Rates!;
        Assert.Equal((30, 6, 0.01m), (rates.FirstIncrementSeconds, rates.IncrementSeconds, rates.ConnectionFee));

        var bad = LabFile.With((
            """rates: { currency: USD, prefixes: { "+1": 0.0040, "+44": 0.0065 } }""",
            """rates: { currency: USD, prefixes: { "+1": 0.0040, "+44": 0.0065 }, billing: 60, connection-fee: -1 }"""));
        var result = LabFile.Load(bad);
        var line = LabFile.LineOf(bad, "billing: 60");
        LabFile.AssertError(result, line, "bad billing '60' in the rates of trunk 'carrier-a': expected FIRST/NEXT in seconds");
        LabFile.AssertError(result, line, "bad connection fee '-1' in the rates of trunk 'carrier-a'");
    }
}
