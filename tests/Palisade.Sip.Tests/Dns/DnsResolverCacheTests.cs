using System.Net;
using Palisade.Sip.Dns;

namespace Palisade.Sip.Tests.Dns;

public sealed class DnsResolverCacheTests
{
    private readonly FakeDnsClient _dns = new();
    private readonly FakeTimeProvider _clock = new();

    private DnsResolver Resolver(DnsResolverOptions? options = null) => new(options ?? new DnsResolverOptions(), _dns, _clock);

    private static DnsAddressRecord A(string name, uint ttl, string ip) => new(name, DnsRecordType.A, ttl, IPAddress.Parse(ip));

    [Fact]
    public async Task Positive_answer_is_cached_until_its_ttl_runs_out()
    {
        _dns.Answer("sip.example.com", DnsRecordType.A, A("sip.example.com", 60, "192.0.2.1"));
        var resolver = Resolver();

        await resolver.LookupAsync("sip.example.com", DnsRecordType.A, default);
        _clock.Advance(TimeSpan.FromSeconds(59));
        var cached = await resolver.LookupAsync("SIP.example.com.", DnsRecordType.A, default);
        Assert.Equal(1, _dns.Queries("sip.example.com", DnsRecordType.A));
        Assert.Equal(DnsLookupStatus.Success, cached.Status);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await resolver.LookupAsync("sip.example.com", DnsRecordType.A, default);
        Assert.Equal(2, _dns.Queries("sip.example.com", DnsRecordType.A));
    }

    [Fact]
    public async Task Lowest_ttl_of_the_rrset_wins_and_is_capped()
    {
        _dns.Answer("sip.example.com", DnsRecordType.A, A("sip.example.com", 100_000, "192.0.2.1"), A("sip.example.com", 200_000, "192.0.2.2"));
        var resolver = Resolver(new DnsResolverOptions { MaxPositiveTtl = TimeSpan.FromMinutes(10) });

        await resolver.LookupAsync("sip.example.com", DnsRecordType.A, default);
        _clock.Advance(TimeSpan.FromMinutes(10));
        await resolver.LookupAsync("sip.example.com", DnsRecordType.A, default);

        Assert.Equal(2, _dns.Queries("sip.example.com", DnsRecordType.A));
    }

    [Fact]
    public async Task Zero_ttl_is_not_cached()
    {
        _dns.Answer("sip.example.com", DnsRecordType.A, A("sip.example.com", 0, "192.0.2.1"));
        var resolver = Resolver();

        await resolver.LookupAsync("sip.example.com", DnsRecordType.A, default);
        await resolver.LookupAsync("sip.example.com", DnsRecordType.A, default);

        Assert.Equal(2, _dns.Queries("sip.example.com", DnsRecordType.A));
    }

    [Fact]
    public async Task Negative_answer_is_cached_for_the_soa_minimum_bounded_by_the_cap()
    {
        _dns.NoData("sip.example.com", DnsRecordType.Aaaa, soaMinimum: 86_400);
        var resolver = Resolver(new DnsResolverOptions { MaxNegativeTtl = TimeSpan.FromSeconds(30) });

        var first = await resolver.LookupAsync("sip.example.com", DnsRecordType.Aaaa, default);
        Assert.Equal(DnsLookupStatus.NoData, first.Status);
        _clock.Advance(TimeSpan.FromSeconds(29));
        await resolver.LookupAsync("sip.example.com", DnsRecordType.Aaaa, default);
        Assert.Equal(1, _dns.Queries("sip.example.com", DnsRecordType.Aaaa));

        _clock.Advance(TimeSpan.FromSeconds(1));
        await resolver.LookupAsync("sip.example.com", DnsRecordType.Aaaa, default);
        Assert.Equal(2, _dns.Queries("sip.example.com", DnsRecordType.Aaaa));
    }

    [Fact]
    public async Task Nxdomain_uses_the_smaller_of_soa_ttl_and_minimum()
    {
        // FakeDnsClient answers unknown names NXDOMAIN with an SOA whose MINIMUM is 30 s.
        var resolver = Resolver();

        Assert.Equal(DnsLookupStatus.NameError, (await resolver.LookupAsync("nope.example.com", DnsRecordType.A, default)).Status);
        _clock.Advance(TimeSpan.FromSeconds(29));
        await resolver.LookupAsync("nope.example.com", DnsRecordType.A, default);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await resolver.LookupAsync("nope.example.com", DnsRecordType.A, default);

        Assert.Equal(2, _dns.Queries("nope.example.com", DnsRecordType.A));
    }

    [Fact]
    public async Task Failures_are_not_cached()
    {
        _dns.Fail("sip.example.com", DnsRecordType.A);
        var resolver = Resolver();

        var result = await resolver.LookupAsync("sip.example.com", DnsRecordType.A, default);
        await resolver.LookupAsync("sip.example.com", DnsRecordType.A, default);

        Assert.Equal(DnsLookupStatus.Failure, result.Status);
        Assert.Equal("timed out", result.Error);
        Assert.Equal(2, _dns.Queries("sip.example.com", DnsRecordType.A));
    }

    [Fact]
    public async Task Cache_is_bounded_and_evicts_the_entry_closest_to_expiry()
    {
        for (var i = 0; i < 5; i++)
            _dns.Answer($"h{i}.example.com", DnsRecordType.A, A($"h{i}.example.com", (uint)(100 + i), "192.0.2.1"));
        var resolver = Resolver(new DnsResolverOptions { MaxCacheEntries = 3 });

        for (var i = 0; i < 5; i++)
            await resolver.LookupAsync($"h{i}.example.com", DnsRecordType.A, default);
        Assert.Equal(3, resolver.Cache.Count);

        // h0 and h1 (shortest TTLs) were evicted; h4 is still cached.
        await resolver.LookupAsync("h4.example.com", DnsRecordType.A, default);
        await resolver.LookupAsync("h0.example.com", DnsRecordType.A, default);
        Assert.Equal(1, _dns.Queries("h4.example.com", DnsRecordType.A));
        Assert.Equal(2, _dns.Queries("h0.example.com", DnsRecordType.A));
    }

    [Fact]
    public async Task Expired_entries_make_room_first()
    {
        _dns.Answer("short.example.com", DnsRecordType.A, A("short.example.com", 5, "192.0.2.1"))
            .Answer("long.example.com", DnsRecordType.A, A("long.example.com", 500, "192.0.2.2"))
            .Answer("new.example.com", DnsRecordType.A, A("new.example.com", 50, "192.0.2.3"));
        var resolver = Resolver(new DnsResolverOptions { MaxCacheEntries = 2 });

        await resolver.LookupAsync("short.example.com", DnsRecordType.A, default);
        await resolver.LookupAsync("long.example.com", DnsRecordType.A, default);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await resolver.LookupAsync("new.example.com", DnsRecordType.A, default);
        await resolver.LookupAsync("long.example.com", DnsRecordType.A, default);
        await resolver.LookupAsync("new.example.com", DnsRecordType.A, default);

        Assert.Equal(1, _dns.Queries("long.example.com", DnsRecordType.A));
        Assert.Equal(1, _dns.Queries("new.example.com", DnsRecordType.A));
    }

    [Fact]
    public async Task Concurrent_identical_lookups_share_one_query()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _dns.Gate = gate.Task;
        _dns.Answer("sip.example.com", DnsRecordType.A, A("sip.example.com", 60, "192.0.2.1"));
        var resolver = Resolver();

        var lookups = Enumerable.Range(0, 20).Select(_ => resolver.LookupAsync("sip.example.com", DnsRecordType.A, default).AsTask()).ToArray();
        var other = resolver.LookupAsync("sip.example.com", DnsRecordType.Aaaa, default).AsTask();
        await WaitUntil(() => _dns.TotalQueries == 2);
        gate.SetResult();
        var results = await Task.WhenAll(lookups);
        await other;

        Assert.Equal(1, _dns.Queries("sip.example.com", DnsRecordType.A));
        Assert.All(results, r => Assert.Equal(DnsLookupStatus.Success, r.Status));
    }

    [Fact]
    public async Task A_caller_giving_up_does_not_cancel_the_shared_query()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _dns.Gate = gate.Task;
        _dns.Answer("sip.example.com", DnsRecordType.A, A("sip.example.com", 60, "192.0.2.1"));
        var resolver = Resolver();
        using var cts = new CancellationTokenSource();

        var impatient = resolver.LookupAsync("sip.example.com", DnsRecordType.A, cts.Token).AsTask();
        var patient = resolver.LookupAsync("sip.example.com", DnsRecordType.A, default).AsTask();
        await WaitUntil(() => _dns.TotalQueries == 1);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        gate.SetResult();

        Assert.Equal(DnsLookupStatus.Success, (await patient).Status);
        Assert.Equal(1, _dns.TotalQueries);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
            await Task.Delay(10);
        Assert.True(condition());
    }
}
