using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// The classifier two-sample test (C2ST; Lopez-Paz and Oquab, ICLR 2017) with the leave-one-out
/// 1-nearest-neighbour classifier (Xu et al., "An empirical study on evaluation metrics of generative
/// adversarial networks", 2018): each point of real and generated sets pooled together is labelled by
/// its nearest other point. Use sets of equal size.
/// </summary>
public static class TwoSampleTest
{
    /// <summary>The 1-NN two-sample test of <paramref name="real"/> against <paramref name="generated"/>.</summary>
    public static TwoSampleTestScore OneNearestNeighbour(IReadOnlyList<float[]> real, IReadOnlyList<float[]> generated)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        using var scope = NewDisposeScope();
        var pooled = Distances.Matrix([.. real, .. generated]);
        var (_, nearest) = Distances.Nearest(pooled, pooled, excludeSelf: true);
        var realCorrect = Enumerable.Range(0, real.Count).Count(i => nearest[i] < real.Count);
        var generatedCorrect = Enumerable.Range(real.Count, generated.Count).Count(i => nearest[i] >= real.Count);
        return new TwoSampleTestScore(
            (realCorrect + generatedCorrect) / (double)(real.Count + generated.Count),
            realCorrect / (double)real.Count,
            generatedCorrect / (double)generated.Count);
    }
}
