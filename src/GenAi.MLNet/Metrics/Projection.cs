using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using static TorchSharp.torch;

namespace GenAi.MLNet.Metrics;

/// <summary>Principal component analysis, for drawing codes of more than two dimensions in a plane.</summary>
public static class Projection
{
    /// <summary>
    /// Projects rows onto their first <paramref name="components"/> principal components (eigenvectors of
    /// the covariance matrix with the largest eigenvalues), each sign fixed so its largest loading is positive.
    /// </summary>
    public static float[][] Pca(IReadOnlyList<float[]> rows, int components = 2)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count < 2)
        {
            throw new ArgumentException("PCA needs at least two rows.", nameof(rows));
        }

        var dim = rows[0].Length;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(components, dim);
        using var scope = NewDisposeScope();
        var x = Distances.Matrix(rows);
        var centered = x - x.mean([0], keepdim: true);
        var covariance = centered.T.matmul(centered) / (rows.Count - 1);
        var (_, vectors) = linalg.eigh(covariance);                        // ascending eigenvalues
        var top = vectors.narrow(1, dim - components, components).flip(1); // (D, k), largest first
        var signs = top.gather(0, top.abs().argmax(0, keepdim: true)).sign();
        var projected = centered.matmul(top * signs).to(ScalarType.Float32);
        return TensorIO.ToRows(projected);
    }
}
