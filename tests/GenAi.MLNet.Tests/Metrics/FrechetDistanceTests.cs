using System;
using System.Linq;
using GenAi.MLNet.Metrics;
using Xunit;

namespace GenAi.MLNet.Tests.Metrics;

public class FrechetDistanceTests
{
    private static float[][] Gaussian(int n, double[] mean, double[] std, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => mean.Select((m, i) =>
            (float)(m + (std[i] * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))).ToArray()).ToArray();
    }

    [Fact]
    public void Matches_the_closed_form_for_diagonal_Gaussians()
    {
        // For diagonal covariances: d^2 = |mu1 - mu2|^2 + sum_i (s1_i - s2_i)^2 with s the standard deviations.
        double[] mu1 = [0, 1, -1, 2], mu2 = [1, 1, 0, 2], s1 = [1, 2, 0.5, 1], s2 = [2, 1, 0.5, 3];
        var expected = mu1.Zip(mu2).Sum(p => Math.Pow(p.First - p.Second, 2)) + s1.Zip(s2).Sum(p => Math.Pow(p.First - p.Second, 2));
        var measured = FrechetDistance.Compute(Gaussian(40_000, mu1, s1, 1), Gaussian(40_000, mu2, s2, 2));
        Assert.Equal(expected, measured, expected * 0.03);
    }

    [Fact]
    public void A_sample_against_itself_is_zero_and_the_distance_is_symmetric()
    {
        var a = Gaussian(500, [0, 0, 0], [1, 2, 3], 1);
        var b = Gaussian(500, [1, 0, 0], [1, 1, 1], 2);
        Assert.Equal(0, FrechetDistance.Compute(a, a), 6);
        Assert.Equal(FrechetDistance.Compute(a, b), FrechetDistance.Compute(b, a), 6);
    }
}
