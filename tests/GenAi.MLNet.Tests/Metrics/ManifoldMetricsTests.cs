using System;
using System.Linq;
using GenAi.MLNet.Metrics;
using Xunit;

namespace GenAi.MLNet.Tests.Metrics;

public class ManifoldMetricsTests
{
    private static float[][] Gaussian(int n, int dim, double shift, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, dim).Select(_ =>
            (float)(shift + (Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))).ToArray()).ToArray();
    }

    [Fact]
    public void A_sample_against_itself_scores_one()
    {
        var x = Gaussian(300, 5, 0, 1);
        var s = ManifoldMetrics.Compute(x, x, 3);
        Assert.Equal(1.0, s.Precision);
        Assert.Equal(1.0, s.Recall);
        Assert.Equal(1.0, s.Coverage);
    }

    [Fact]
    public void Far_apart_samples_score_zero_and_a_shift_lowers_both()
    {
        var real = Gaussian(500, 8, 0, 1);
        Assert.Equal(0.0, ManifoldMetrics.Compute(real, Gaussian(500, 8, 50, 2)).Precision);
        var same = ManifoldMetrics.Compute(real, Gaussian(500, 8, 0, 3));
        var shifted = ManifoldMetrics.Compute(real, Gaussian(500, 8, 1, 3));
        Assert.InRange(same.Precision, 0.6, 1.0);
        Assert.True(shifted.Precision < same.Precision - 0.2, $"{shifted} vs {same}");
        Assert.True(shifted.Recall < same.Recall - 0.2, $"{shifted} vs {same}");
        Assert.InRange(same.Density, 0.7, 1.3);
    }

    [Fact]
    public void A_collapsed_generator_keeps_precision_but_loses_recall_and_coverage()
    {
        var real = Gaussian(600, 4, 0, 1);
        // Every generated point is a copy of one of ten real points: on the manifold, but not diverse.
        var collapsed = Enumerable.Range(0, 600).Select(i => real[i % 10]).ToArray();
        var s = ManifoldMetrics.Compute(real, collapsed);
        Assert.Equal(1.0, s.Precision);
        Assert.True(s.Coverage < 0.1, s.ToString());
    }
}
