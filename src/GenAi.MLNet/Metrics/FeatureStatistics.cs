using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace GenAi.MLNet.Metrics;

/// <summary>Mean and covariance of a set of feature vectors (the sufficient statistics of the Fréchet distance).</summary>
public sealed class FeatureStatistics
{
    private FeatureStatistics(double[] mean, double[,] covariance, int count)
    {
        Mean = mean;
        Covariance = covariance;
        Count = count;
    }

    /// <summary>Mean vector.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Unbiased covariance matrix (divided by n - 1, as numpy.cov).</summary>
    public double[,] Covariance { get; }

    /// <summary>Number of vectors.</summary>
    public int Count { get; }

    /// <summary>Statistics of <paramref name="features"/> (rows), computed in float64.</summary>
    public static FeatureStatistics From(IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count < 2)
        {
            throw new ArgumentException("At least two feature vectors are needed for a covariance.", nameof(features));
        }

        using var scope = NewDisposeScope();
        var x = Distances.Matrix(features);
        var mean = x.mean([0]);
        var centred = x - mean;
        var covariance = centred.T.matmul(centred) / (features.Count - 1);
        return new FeatureStatistics(mean.data<double>().ToArray(), ToMatrix(covariance), features.Count);
    }

    internal Tensor MeanTensor() => tensor(Mean.ToArray(), ScalarType.Float64);

    internal Tensor CovarianceTensor()
    {
        var d = Mean.Count;
        var flat = new double[d * d];
        Buffer.BlockCopy(Covariance, 0, flat, 0, flat.Length * sizeof(double));
        return tensor(flat, [d, d], ScalarType.Float64);
    }

    private static double[,] ToMatrix(Tensor t)
    {
        var d = (int)t.shape[0];
        var values = t.contiguous().data<double>().ToArray();
        var matrix = new double[d, d];
        Buffer.BlockCopy(values, 0, matrix, 0, values.Length * sizeof(double));
        return matrix;
    }
}
