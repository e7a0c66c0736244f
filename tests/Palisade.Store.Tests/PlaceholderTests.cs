namespace Palisade.Store.Tests;

public sealed class ProjectTests
{
    [Fact]
    public void Store_references_the_call_record_contract() =>
        Assert.Equal("Palisade.Sbc.Cdr.CallRecord", typeof(Palisade.Sbc.Cdr.CallRecord).FullName);
}
