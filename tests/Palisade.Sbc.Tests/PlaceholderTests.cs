namespace Palisade.Sbc.Tests;

public sealed class ProjectTests
{
    [Fact]
    public void Sbc_defines_the_call_record_contract() =>
        Assert.Equal("Palisade.Sbc.Cdr.CallRecord", typeof(Palisade.Sbc.Cdr.CallRecord).FullName);
}
