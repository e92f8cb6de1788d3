using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// Memorisation by nearest-neighbour distance ratios: a generator that reproduces its training set puts
/// its samples much closer to training points than training points are to one another (the idea of the
/// authenticity and data-copying tests: Alaa et al., ICML 2022; Meehan, Chaudhuri and Dasgupta, AISTATS
/// 2020). Compare with real held-out samples, which score about 0.5 and 1.
/// </summary>
public static class Memorization
{
    /// <summary>Scores <paramref name="generated"/> against <paramref name="training"/> (feature vectors).</summary>
    public static MemorizationScores Compute(IReadOnlyList<float[]> training, IReadOnlyList<float[]> generated, double copyQuantile = 0.05)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(generated);
        if (training.Count < 2)
        {
            throw new ArgumentException("Need at least two training points.", nameof(training));
        }

        using var scope = NewDisposeScope();
        var x = Distances.Matrix(training);
        var g = Distances.Matrix(generated);
        var (trainToTrain, _) = Distances.Nearest(x, x, excludeSelf: true);
        var (generatedToTrain, _) = Distances.Nearest(g, x, excludeSelf: false);
        var median = Distances.Quantile(trainToTrain, 0.5);
        var copyThreshold = Distances.Quantile(trainToTrain, copyQuantile);
        return new MemorizationScores(
            generatedToTrain.Count(d => d < median) / (double)generated.Count,
            Distances.Quantile(generatedToTrain, 0.5) / median,
            generatedToTrain.Count(d => d < copyThreshold) / (double)generated.Count);
    }
}
