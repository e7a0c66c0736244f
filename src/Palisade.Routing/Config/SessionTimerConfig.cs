namespace Palisade.Routing.Config;

/// <summary><c>trunks[].session-timer</c>: the scalar form (<c>off</c>) in <see cref="Mode"/>, or the mapping <c>{ expires, min-se }</c>.</summary>
internal sealed record SessionTimerConfig(ConfigScalar? Mode, ConfigScalar? Expires, ConfigScalar? MinSe, SourcePosition Position);
