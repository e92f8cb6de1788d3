using Xunit;

namespace GenAi.MLNet.Tests;

/// <summary>Torch's RNG and thread settings are process-wide: tests that train run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "torch";

    /// <summary>
    /// The trait of tests whose figures hold for libtorch's default thread count: short GAN runs are chaotic, and
    /// another thread count sums in another order and follows another trajectory (one thread: 4 of 8 ring modes
    /// instead of 8; a classifier score of 3.2 instead of above 5). eng/test.sh runs them after the one-thread streams.
    /// </summary>
    public const string ThreadsTrait = "Threads";

    /// <summary>The value of <see cref="ThreadsTrait"/>: run with the default threads.</summary>
    public const string DefaultThreads = "Default";
}
