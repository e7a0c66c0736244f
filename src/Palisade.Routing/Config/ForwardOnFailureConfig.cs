namespace Palisade.Routing.Config;

internal sealed record ForwardOnFailureConfig(ConfigScalar? Number, ConfigScalar? Via, ConfigScalar? Label, SourcePosition Position);
