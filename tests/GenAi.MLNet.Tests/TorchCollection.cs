using Xunit;

namespace GenAi.MLNet.Tests;

/// <summary>Torch's RNG and thread settings are process-wide: tests that train run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "torch";
}
