namespace Palisade.Routing.Config;

internal sealed record ProbeConfig(
    ConfigScalar? Enabled,
    ConfigScalar? Interval,
    ConfigScalar? Timeout,
    ConfigScalar? UpAfter,
    ConfigScalar? DownAfter,
    SourcePosition Position);
