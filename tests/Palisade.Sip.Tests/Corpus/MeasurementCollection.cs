namespace Palisade.Sip.Tests.Corpus;

/// <summary>
/// Tests that measure process-wide memory run alone: a parallel test class would grow the heap under them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasurementCollection
{
    public const string Name = "Measurements";
}
