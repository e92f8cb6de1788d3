using System;
using System.Linq;
using GenAi.MLNet.Metrics;
using Xunit;

namespace GenAi.MLNet.Tests.Metrics;

public class ProjectionTests
{
    [Fact]
    public void Pca_finds_the_direction_of_largest_variance()
    {
        var random = new Random(1);
        // Points spread along (1, 1, 0) / sqrt(2) with small noise in other directions.
        var rows = Enumerable.Range(0, 500).Select(_ =>
        {
            var t = (float)(random.NextDouble() * 10 - 5);
            return new[] { t + (float)(random.NextDouble() * 0.1), t + (float)(random.NextDouble() * 0.1), (float)(random.NextDouble() * 0.1) };
        }).ToArray();
        var projected = Projection.Pca(rows, 2);
        var first = projected.Select(p => (double)p[0]).ToArray();
        var expected = rows.Select(r => (r[0] + r[1]) / Math.Sqrt(2)).ToArray();
        var meanE = expected.Average();
        // The first component equals the (centred) projection on (1,1,0)/sqrt(2) up to noise.
        Assert.All(first.Zip(expected), p => Assert.Equal(p.Second - meanE, p.First, 0.1));
        Assert.True(first.Select(v => v * v).Average() > 50 * projected.Select(p => (double)p[1] * p[1]).Average());
    }
}
