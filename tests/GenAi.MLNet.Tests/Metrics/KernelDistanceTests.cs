using System;
using System.Linq;
using GenAi.MLNet.Metrics;
using Xunit;

namespace GenAi.MLNet.Tests.Metrics;

[Collection(TorchCollection.Name)]
public class KernelDistanceTests
{
    [Fact]
    public void KID_subsets_of_equal_sized_sets_differ_so_the_spread_measures_something()
    {
        // 500 vs 500 rows with the default subset size (1000): every subset of all rows would be the same set.
        var random = new Random(1);
        float[][] Sample(double shift) => Enumerable.Range(0, 500).Select(_ => Enumerable.Range(0, 8).Select(_ => (float)(Normal(random) + shift)).ToArray()).ToArray();
        var score = KernelDistance.Compute(Sample(0), Sample(0.3), subsets: 50, seed: 2);
        Assert.Equal(250, score.SubsetSize);
        Assert.True(score.StandardDeviation > 1e-4, $"spread {score.StandardDeviation}");
        Assert.True(score.Mean > 3 * score.StandardDeviation / Math.Sqrt(50), "a 0.3 shift is detected");
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
