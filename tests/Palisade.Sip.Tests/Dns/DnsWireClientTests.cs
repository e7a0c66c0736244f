using System.Net;
using Palisade.Sip.Dns;

namespace Palisade.Sip.Tests.Dns;

public sealed class DnsWireClientTests
{
    private static DnsWireClient Client(TimeSpan timeout, int attempts, params IPEndPoint[] servers) =>
        new(new DnsResolverOptions { NameServers = servers, Timeout = timeout, Attempts = attempts });

    [Fact]
    public async Task Ignores_a_reply_with_the_wrong_id_and_takes_the_right_one()
    {
        await using var server = new FakeDnsServer((q, _) =>
        [
            FakeDnsServer.Reply(q, id: (ushort)(q.Id + 1)).A(q.QuestionName, 60, "192.0.2.66").Build(),
            FakeDnsServer.Reply(q).A(q.QuestionName, 60, "192.0.2.1").Build(),
        ]);
        var response = await Client(TimeSpan.FromSeconds(2), 1, server.EndPoint).QueryAsync("sip.example", DnsRecordType.A, default);

        var record = Assert.IsType<DnsAddressRecord>(Assert.Single(response.Message!.Answers));
        Assert.Equal(IPAddress.Parse("192.0.2.1"), record.Address);
    }

    [Fact]
    public async Task Ignores_a_reply_to_another_question()
    {
        await using var server = new FakeDnsServer((q, _) =>
        [
            new DnsPacketBuilder(q.Id).Question("evil.example", DnsRecordType.A).A("evil.example", 60, "192.0.2.66").Build(),
            [1, 2, 3],
            FakeDnsServer.Reply(q).A(q.QuestionName, 60, "192.0.2.1").Build(),
        ]);
        var response = await Client(TimeSpan.FromSeconds(2), 1, server.EndPoint).QueryAsync("sip.example", DnsRecordType.A, default);

        Assert.Equal(IPAddress.Parse("192.0.2.1"), ((DnsAddressRecord)response.Message!.Answers[0]).Address);
    }

    [Fact]
    public async Task Silent_server_times_out_after_every_attempt_with_a_clear_error()
    {
        await using var server = new FakeDnsServer((_, _) => []);
        var response = await Client(TimeSpan.FromMilliseconds(150), 3, server.EndPoint).QueryAsync("sip.example", DnsRecordType.A, default);

        Assert.Null(response.Message);
        Assert.Contains("timed out", response.Error, StringComparison.Ordinal);
        Assert.Contains("sip.example", response.Error, StringComparison.Ordinal);
        Assert.Equal(3, server.UdpQueries);
    }

    [Fact]
    public async Task Falls_over_to_the_next_server_on_timeout_and_on_servfail()
    {
        await using var silent = new FakeDnsServer((_, _) => []);
        await using var failing = new FakeDnsServer((q, _) => [FakeDnsServer.Reply(q, flags: 0x8182).Build()]);
        await using var good = new FakeDnsServer((q, _) => [FakeDnsServer.Reply(q).A(q.QuestionName, 60, "192.0.2.7").Build()]);
        var response = await Client(TimeSpan.FromMilliseconds(200), 1, silent.EndPoint, failing.EndPoint, good.EndPoint)
            .QueryAsync("sip.example", DnsRecordType.A, default);

        Assert.Equal(IPAddress.Parse("192.0.2.7"), ((DnsAddressRecord)response.Message!.Answers[0]).Address);
        Assert.Equal((1, 1, 1), (silent.UdpQueries, failing.UdpQueries, good.UdpQueries));
    }

    [Fact]
    public async Task Nxdomain_is_an_answer_not_a_reason_to_ask_elsewhere()
    {
        await using var first = new FakeDnsServer((q, _) => [FakeDnsServer.Reply(q, flags: 0x8183).Build()]);
        await using var second = new FakeDnsServer((q, _) => [FakeDnsServer.Reply(q).A(q.QuestionName, 60, "192.0.2.7").Build()]);
        var response = await Client(TimeSpan.FromSeconds(1), 2, first.EndPoint, second.EndPoint).QueryAsync("nope.example", DnsRecordType.A, default);

        Assert.Equal(DnsResponseCode.NameError, response.Message!.ResponseCode);
        Assert.Equal(0, second.UdpQueries);
    }

    [Fact]
    public async Task Truncated_udp_answer_is_retried_over_tcp()
    {
        await using var server = new FakeDnsServer((q, tcp) => tcp
            ? [FakeDnsServer.Reply(q).Srv(q.QuestionName, 60, 1, 1, 5060, "a.example").Srv(q.QuestionName, 60, 2, 1, 5060, "b.example").Build()]
            : [FakeDnsServer.Reply(q, flags: 0x8380).Build()]);
        var response = await Client(TimeSpan.FromSeconds(2), 1, server.EndPoint).QueryAsync("_sip._tcp.example", DnsRecordType.Srv, default);

        Assert.Equal(2, response.Message!.Answers.Count);
        Assert.False(response.Message.IsTruncated);
        Assert.Equal((1, 1), (server.UdpQueries, server.TcpQueries));
    }

    [Fact]
    public async Task Server_without_edns_gets_the_query_again_without_opt()
    {
        var sawWithoutOpt = false;
        await using var server = new FakeDnsServer((q, _) =>
        {
            // Answer the first (EDNS) query with FORMERR, as a server that does not know EDNS would.
            if (!sawWithoutOpt)
            {
                sawWithoutOpt = true;
                return [FakeDnsServer.Reply(q, flags: 0x8181).Build()];
            }

            return [FakeDnsServer.Reply(q).A(q.QuestionName, 60, "192.0.2.9").Build()];
        });
        var response = await Client(TimeSpan.FromSeconds(2), 1, server.EndPoint).QueryAsync("sip.example", DnsRecordType.A, default);

        Assert.Equal(DnsResponseCode.NoError, response.Message!.ResponseCode);
        Assert.Equal(2, server.UdpQueries);
    }

    [Fact]
    public async Task Invalid_name_fails_without_touching_the_network()
    {
        await using var server = new FakeDnsServer((_, _) => []);
        var response = await Client(TimeSpan.FromSeconds(1), 1, server.EndPoint).QueryAsync("bad..name", DnsRecordType.A, default);

        Assert.Contains("not a valid DNS name", response.Error, StringComparison.Ordinal);
        Assert.Equal(0, server.UdpQueries);
    }

    [Fact]
    public async Task Each_query_uses_a_new_random_id()
    {
        var ids = new List<ushort>();
        await using var server = new FakeDnsServer((q, _) =>
        {
            lock (ids)
                ids.Add(q.Id);
            return [FakeDnsServer.Reply(q).A(q.QuestionName, 60, "192.0.2.1").Build()];
        });
        var client = Client(TimeSpan.FromSeconds(2), 1, server.EndPoint);
        for (var i = 0; i < 8; i++)
            await client.QueryAsync("sip.example", DnsRecordType.A, default);

        Assert.True(ids.Distinct().Count() >= 6, string.Join(",", ids));
    }

    [Fact]
    public async Task Cancellation_is_reported_as_cancellation()
    {
        await using var server = new FakeDnsServer((_, _) => []);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await Client(TimeSpan.FromSeconds(5), 1, server.EndPoint).QueryAsync("sip.example", DnsRecordType.A, cts.Token));
    }
}
