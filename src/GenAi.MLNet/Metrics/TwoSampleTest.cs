using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// The classifier two-sample test (C2ST; Lopez-Paz and Oquab, ICLR 2017) with the leave-one-out
/// 1-nearest-neighbour classifier (Xu et al., "An empirical study on evaluation metrics of generative
/// adversarial networks", 2018): each point of real and generated sets pooled together is labelled by
/// its nearest other point. Chance is 0.5 only for sets of equal size, so the larger set is subsampled
/// (seeded) to the size of the smaller one.
/// </summary>
public static class TwoSampleTest
{
    /// <summary>
    /// The 1-NN two-sample test of <paramref name="real"/> against <paramref name="generated"/>; when their
    /// sizes differ, a random subset (from <paramref name="seed"/>) of the larger set of the smaller set's size
    /// takes part, so that 0.5 means indistinguishable.
    /// </summary>
    public static TwoSampleTestScore OneNearestNeighbour(IReadOnlyList<float[]> real, IReadOnlyList<float[]> generated, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        if (real.Count == 0 || generated.Count == 0)
        {
            throw new ArgumentException("Both sets need at least one row.", real.Count == 0 ? nameof(real) : nameof(generated));
        }

        var n = Math.Min(real.Count, generated.Count);
        var random = new Random(seed);
        real = Subsample(real, n, random);
        generated = Subsample(generated, n, random);
        using var scope = NewDisposeScope();
        var pooled = Distances.Matrix([.. real, .. generated]);
        var (_, nearest) = Distances.Nearest(pooled, pooled, excludeSelf: true);
        var realCorrect = Enumerable.Range(0, n).Count(i => nearest[i] < n);
        var generatedCorrect = Enumerable.Range(n, n).Count(i => nearest[i] >= n);
        return new TwoSampleTestScore((realCorrect + generatedCorrect) / (2.0 * n), realCorrect / (double)n, generatedCorrect / (double)n);
    }

    private static IReadOnlyList<float[]> Subsample(IReadOnlyList<float[]> rows, int n, Random random)
    {
        if (rows.Count == n)
        {
            return rows;
        }

        var order = Enumerable.Range(0, rows.Count).ToArray();
        random.Shuffle(order);
        return order.Take(n).Select(i => rows[i]).ToArray();
    }
}
