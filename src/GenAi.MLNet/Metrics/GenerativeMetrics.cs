using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Metrics;

/// <summary>Every metric of a generated sample against a real one, in one object; in a notebook it displays as a table.</summary>
public sealed record GenerativeMetrics(
    string FeatureSpace,
    int RealCount,
    int GeneratedCount,
    double FrechetDistance,
    KernelDistanceScore KernelDistance,
    ManifoldScores PrecisionRecall,
    ManifoldScores DensityCoverage,
    TwoSampleTestScore? TwoSampleTest,
    MemorizationScores? Memorization,
    SplitScore? InceptionScore,
    double[]? ClassShares)
{
    /// <summary>The figures as a table.</summary>
    public MetricsTable ToTable()
    {
        var table = new MetricsTable($"Generated ({GeneratedCount}) vs real ({RealCount}) samples, {FeatureSpace}", "value");
        table.Add("Fréchet distance (lower is better)", FrechetDistance)
            .Add("KID (mean over subsets)", KernelDistance.Mean)
            .Add("KID (std over subsets)", KernelDistance.StandardDeviation)
            .Add($"precision (k = {PrecisionRecall.K})", PrecisionRecall.Precision)
            .Add($"recall (k = {PrecisionRecall.K})", PrecisionRecall.Recall)
            .Add($"density (k = {DensityCoverage.K})", DensityCoverage.Density)
            .Add($"coverage (k = {DensityCoverage.K})", DensityCoverage.Coverage);
        if (TwoSampleTest is { } c2st)
        {
            table.Add("1-NN two-sample test accuracy (equal-size sets; 0.5 = indistinguishable)", c2st.Accuracy);
        }

        if (Memorization is { } m)
        {
            table.Add("share closer to training data than training points are to each other", m.FractionCloser)
                .Add("median NN distance ratio, generated / training", m.MedianDistanceRatio);
        }

        if (InceptionScore is { } score)
        {
            table.Add("classifier score (Inception-Score analogue)", score.Mean);
        }

        if (ClassShares is { } shares)
        {
            table.Add("smallest class share", shares.Min());
        }

        return table;
    }

    /// <inheritdoc />
    public override string ToString() => ToTable().ToString();
}
