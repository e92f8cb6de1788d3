using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// The kernel distance (KID; Bińkowski et al., "Demystifying MMD GANs", ICLR 2018, arXiv:1801.01401):
/// the unbiased estimator of the squared maximum mean discrepancy with the cubic polynomial kernel
/// k(x, y) = (x . y / d + 1)^3, averaged over random subsets as torch-fidelity and torchmetrics do.
/// Unlike the Fréchet distance it is unbiased, so its expected value is 0 for two samples of one
/// distribution at any sample size (a single estimate can be negative).
/// </summary>
public static class KernelDistance
{
    /// <summary>The unbiased MMD^2 estimate between two sets of feature vectors (all rows).</summary>
    public static double UnbiasedMmd2(IReadOnlyList<float[]> x, IReadOnlyList<float[]> y)
    {
        using var scope = NewDisposeScope();
        return Mmd2(Distances.Matrix(x), Distances.Matrix(y));
    }

    /// <summary>
    /// KID over <paramref name="subsets"/> random subsets of <paramref name="subsetSize"/> rows, drawn without
    /// replacement with <paramref name="seed"/>. When a set has no more rows than <paramref name="subsetSize"/>,
    /// subsets take half of the smaller set, so that they differ and the standard deviation measures something
    /// (subsets of every row would all be the same).
    /// </summary>
    public static KernelDistanceScore Compute(IReadOnlyList<float[]> real, IReadOnlyList<float[]> generated, int subsets = 100, int subsetSize = 1000, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(subsets);
        ArgumentOutOfRangeException.ThrowIfLessThan(subsetSize, 2);
        var smaller = Math.Min(real.Count, generated.Count);
        var size = subsetSize < smaller ? subsetSize : smaller / 2;
        if (size < 2)
        {
            throw new ArgumentException("KID needs at least four rows in each set.", nameof(real));
        }

        using var scope = NewDisposeScope();
        var x = Distances.Matrix(real);
        var y = Distances.Matrix(generated);
        var random = new Random(seed);
        var values = new double[subsets];
        for (var s = 0; s < subsets; s++)
        {
            using var inner = NewDisposeScope();
            var xi = tensor(Sample(random, real.Count, size));
            var yi = tensor(Sample(random, generated.Count, size));
            values[s] = Mmd2(x.index_select(0, xi), y.index_select(0, yi));
        }

        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        return new KernelDistanceScore(mean, sd, subsets, size);
    }

    private static double Mmd2(Tensor x, Tensor y)
    {
        var d = x.shape[1];
        double m = x.shape[0], n = y.shape[0];
        var kxx = (x.matmul(x.T) / d + 1).pow(3);
        var kyy = (y.matmul(y.T) / d + 1).pow(3);
        var kxy = (x.matmul(y.T) / d + 1).pow(3);
        var xx = (kxx.sum().item<double>() - kxx.diagonal().sum().item<double>()) / (m * (m - 1));
        var yy = (kyy.sum().item<double>() - kyy.diagonal().sum().item<double>()) / (n * (n - 1));
        return xx + yy - (2 * kxy.sum().item<double>() / (m * n));
    }

    private static long[] Sample(Random random, int count, int size)
    {
        var indices = Enumerable.Range(0, count).ToArray();
        random.Shuffle(indices);
        return indices.Take(size).Select(i => (long)i).ToArray();
    }
}
