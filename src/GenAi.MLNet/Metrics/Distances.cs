using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using static TorchSharp.torch;

namespace GenAi.MLNet.Metrics;

/// <summary>Euclidean nearest-neighbour distances in float64, computed in chunks.</summary>
internal static class Distances
{
    public static Tensor Matrix(IReadOnlyList<float[]> rows)
    {
        if (rows.Count == 0)
        {
            throw new ArgumentException("No rows.", nameof(rows));
        }

        var dim = rows[0].Length;
        if (rows.Any(r => r.Length != dim))
        {
            throw new ArgumentException($"Every row must have {dim} values.", nameof(rows));
        }

        Core.Native.TorchNative.EnsureLoaded();
        return TensorIO.FromSpan(rows.SelectMany(r => r).ToArray(), [rows.Count, dim], CPU).to(ScalarType.Float64);
    }

    /// <summary>For each row of <paramref name="queries"/>, the distance to its nearest row of <paramref name="points"/> (excluding the same index when <paramref name="excludeSelf"/>), and that row's index.</summary>
    public static (double[] Distance, long[] Index) Nearest(Tensor queries, Tensor points, bool excludeSelf)
    {
        var n = (int)queries.shape[0];
        var distance = new double[n];
        var index = new long[n];
        for (var start = 0; start < n; start += 1024)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(1024, n - start);
            var d = cdist(queries.narrow(0, start, count), points);                           // (c, N)
            if (excludeSelf)
            {
                var self = arange(start, start + count, dtype: ScalarType.Int64).unsqueeze(1);
                d = d.scatter(1, self, full([count, 1], double.PositiveInfinity, dtype: ScalarType.Float64));
            }

            var (values, indices) = d.min(1);
            values.data<double>().CopyTo(distance.AsSpan(start, count), 0, 0);
            indices.data<long>().CopyTo(index.AsSpan(start, count), 0, 0);
        }

        return (distance, index);
    }

    /// <summary>The q-quantile with linear interpolation between order statistics (numpy's default).</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
