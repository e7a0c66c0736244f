using Palisade.Routing.Model;
using Palisade.Routing.State;

namespace Palisade.Routing.Tests.State;

public sealed class TenantStateTests
{
    private static readonly TenantModel Contoso = new() { Id = "contoso", Name = "Contoso", Enabled = true, MaxCalls = 2, MaxCallsPerSecond = 5 };

    private readonly FakeClock clock = new();

    [Fact]
    public void Concurrent_call_limit_refuses_with_a_reason_and_retry_after()
    {
        var tenant = new RoutingState(clock).GetTenant("contoso");

        Assert.True(tenant.TryAdmit(Contoso).Admitted);
        Assert.True(tenant.TryAdmit(Contoso).Admitted);
        var refused = tenant.TryAdmit(Contoso);

        Assert.False(refused.Admitted);
        Assert.Equal("tenant contoso at its limit of 2 concurrent calls", refused.Reason);
        Assert.Equal(30, refused.RetryAfterSeconds);
        Assert.Equal(2, tenant.ActiveCalls);

        tenant.Release();
        Assert.True(tenant.TryAdmit(Contoso).Admitted);
    }

    [Fact]
    public void Calls_per_second_limit_refuses_until_the_next_second()
    {
        var state = new RoutingState(clock);
        var tenant = state.GetTenant("contoso");
        var unlimitedCalls = Contoso with { MaxCalls = null };

        for (var i = 0; i < 5; i++)
        {
            Assert.True(tenant.TryAdmit(unlimitedCalls).Admitted);
        }

        var refused = tenant.TryAdmit(unlimitedCalls);
        Assert.False(refused.Admitted);
        Assert.Equal("tenant contoso at its limit of 5 calls per second", refused.Reason);
        Assert.Equal(1, refused.RetryAfterSeconds);
        Assert.Equal(5, state.ActiveCalls(unlimitedCalls));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(tenant.TryAdmit(unlimitedCalls).Admitted);
        Assert.Equal(1, tenant.CallsThisSecond);
    }

    [Fact]
    public void A_tenant_without_limits_admits_everything()
    {
        var tenant = new RoutingState(clock).GetTenant("open");
        var open = new TenantModel { Id = "open", Name = "Open", Enabled = true };

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(AdmitResult.Ok, tenant.TryAdmit(open));
        }

        Assert.Equal(1000, tenant.ActiveCalls);
    }

    [Fact]
    public void Tenant_state_is_kept_by_id()
    {
        var state = new RoutingState(clock);

        Assert.Same(state.GetTenant("contoso"), state.GetTenant("contoso"));
        Assert.NotSame(state.GetTenant("contoso"), state.GetTenant("fabrikam"));
        Assert.Same(state.GetTrunk("teams"), state.GetTrunk("teams"));
    }
}
