using Palisade.Routing.Model;

namespace Palisade.Routing.Config;

/// <summary>Outcome of loading a configuration: a model, or every problem found (never both).</summary>
public sealed class ConfigLoadResult
{
    internal ConfigLoadResult(PalisadeConfigModel? model, IReadOnlyList<ConfigError> errors)
    {
        Model = model;
        Errors = errors;
    }

    /// <summary>Null when <see cref="Errors"/> is not empty.</summary>
    public PalisadeConfigModel? Model { get; }

    /// <summary>Sorted by line then column.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    public bool Succeeded => Model is not null;
}
