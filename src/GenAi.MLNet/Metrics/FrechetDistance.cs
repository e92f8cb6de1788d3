using GenAi.MLNet.Core;
using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// The Fréchet distance between two Gaussians fitted to feature vectors (Dowson and Landau 1982; as FID,
/// Heusel et al., NeurIPS 2017, arXiv:1706.08500):
/// d^2 = |mu_1 - mu_2|^2 + Tr(S_1 + S_2 - 2 (S_1 S_2)^(1/2)).
/// </summary>
/// <remarks>
/// The trace of the matrix square root is computed stably as Tr((S_1^(1/2) S_2 S_1^(1/2))^(1/2)): both
/// square roots come from eigendecompositions of symmetric positive semi-definite matrices (negative
/// round-off eigenvalues clipped to 0), never from a general, possibly complex, sqrtm.
/// With a classifier trained on the data set as the feature extractor (<see cref="ImageClassifier.Features"/>)
/// this is <b>not</b> the Inception-based FID: its values are comparable only between models scored with
/// the same classifier, never with published FIDs.
/// </remarks>
public static class FrechetDistance
{
    /// <summary>The squared Fréchet distance between the Gaussians fitted to two sets of feature vectors.</summary>
    public static double Compute(IReadOnlyList<float[]> first, IReadOnlyList<float[]> second)
        => Compute(FeatureStatistics.From(first), FeatureStatistics.From(second));

    /// <summary>The squared Fréchet distance between two sets of statistics (reuse the real data's).</summary>
    public static double Compute(FeatureStatistics first, FeatureStatistics second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Mean.Count != second.Mean.Count)
        {
            throw new ArgumentException($"Feature dimensions differ: {first.Mean.Count} and {second.Mean.Count}.", nameof(second));
        }

        using var scope = NewDisposeScope();
        var (mu1, mu2) = (first.MeanTensor(), second.MeanTensor());
        var (s1, s2) = (first.CovarianceTensor(), second.CovarianceTensor());
        var root1 = SymmetricSqrt(s1);                       // S_1^(1/2)
        var middle = root1.matmul(s2).matmul(root1);        // symmetric PSD
        middle = (middle + middle.T) / 2;                    // remove round-off asymmetry
        var (eigenvalues, _) = linalg.eigh(middle);
        var traceSqrt = eigenvalues.clamp_min(0).sqrt().sum().item<double>();
        var meanTerm = (mu1 - mu2).Squared().sum().item<double>();
        return meanTerm + s1.trace().item<double>() + s2.trace().item<double>() - (2 * traceSqrt);
    }

    private static Tensor SymmetricSqrt(Tensor matrix)
    {
        var (values, vectors) = linalg.eigh((matrix + matrix.T) / 2);
        return vectors.matmul(diag(values.clamp_min(0).sqrt())).matmul(vectors.T);
    }
}
