using System;
using System.Linq;
using GenAi.MLNet.Metrics;
using Xunit;

namespace GenAi.MLNet.Tests.Metrics;

public class RocCurveTests
{
    [Fact]
    public void Perfect_separation_gives_one_and_reversed_gives_zero()
    {
        Assert.Equal(1.0, RocCurve.Compute([0.1f, 0.2f, 0.8f, 0.9f], [false, false, true, true]).Auc);
        Assert.Equal(0.0, RocCurve.Compute([0.9f, 0.8f, 0.2f, 0.1f], [false, false, true, true]).Auc);
    }

    [Fact]
    public void Ties_count_one_half()
    {
        Assert.Equal(0.5, RocCurve.Compute([1f, 1f, 1f, 1f], [false, true, false, true]).Auc);
    }

    [Fact]
    public void Auc_equals_the_Mann_Whitney_probability()
    {
        var random = new Random(3);
        var scores = Enumerable.Range(0, 300).Select(_ => (float)Math.Round(random.NextDouble(), 2)).ToArray();
        var labels = scores.Select(s => random.NextDouble() < s).ToArray();
        var pos = scores.Where((_, i) => labels[i]).ToArray();
        var neg = scores.Where((_, i) => !labels[i]).ToArray();
        var expected = pos.Sum(p => neg.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0)) / (pos.Length * (double)neg.Length);
        var roc = RocCurve.Compute(scores, labels);
        Assert.Equal(expected, roc.Auc, 12);
        Assert.Equal(0, roc.FalsePositiveRate[0]);
        Assert.Equal(1, roc.TruePositiveRate[^1]);
    }

    [Fact]
    public void One_class_only_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => RocCurve.Compute([1f, 2f], [true, true]));
        Assert.Contains("both classes", e.Message, StringComparison.Ordinal);
    }
}
