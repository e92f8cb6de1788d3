using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Metrics;

/// <summary>Maps data rows to the feature vectors distribution metrics compare.</summary>
public interface IFeatureExtractor
{
    /// <summary>A name for reports, e.g. "MNIST-10k CNN features".</summary>
    string Name { get; }

    /// <summary>The feature vector of each row.</summary>
    float[][] Features(IReadOnlyList<float[]> rows);
}

/// <summary>The rows themselves as features (for low-dimensional or tabular data).</summary>
public sealed class RawFeatures : IFeatureExtractor
{
    /// <summary>The shared instance.</summary>
    public static RawFeatures Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "raw features";

    /// <inheritdoc />
    public float[][] Features(IReadOnlyList<float[]> rows) => rows.ToArray();
}

/// <summary>Options of <see cref="GenerativeEvaluator"/>; every one documents its default.</summary>
public sealed class GenerativeEvaluationOptions
{
    /// <summary>The column holding the rows in both data sets. Default <c>"Features"</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Feature space of the distribution metrics. Default: the raw rows. For images pass an <see cref="ImageClassifier"/> trained on the real data.</summary>
    public IFeatureExtractor FeatureExtractor { get; set; } = RawFeatures.Instance;

    /// <summary>A classifier for the Inception-Score analogue and class shares; null (default) skips them.</summary>
    public ImageClassifier? Classifier { get; set; }

    /// <summary>The training data, for the memorisation ratios; null (default) skips them.</summary>
    public IDataView? TrainingData { get; set; }

    /// <summary>Neighbours for precision and recall (Kynkäänniemi et al. use 3). Default 3.</summary>
    public int PrecisionRecallK { get; set; } = 3;

    /// <summary>Neighbours for density and coverage (Naeem et al. use 5). Default 5.</summary>
    public int DensityCoverageK { get; set; } = 5;

    /// <summary>KID subsets. Default 100.</summary>
    public int KidSubsets { get; set; } = 100;

    /// <summary>KID subset size (capped at the smaller set). Default 1000.</summary>
    public int KidSubsetSize { get; set; } = 1000;

    /// <summary>Run the 1-NN classifier two-sample test. Default true.</summary>
    public bool TwoSampleTest { get; set; } = true;

    /// <summary>Seed of the KID subsets; null (default) draws it from the MLContext.</summary>
    public int? Seed { get; set; }
}

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
            table.Add("1-NN two-sample test accuracy (0.5 = indistinguishable)", c2st.Accuracy);
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

/// <summary>
/// Compares generated data with real data on every distribution metric of the library: Fréchet distance,
/// KID, precision/recall, density/coverage, the 1-NN two-sample test, memorisation ratios and (with a
/// classifier) the Inception-Score analogue and class shares.
/// </summary>
public static class GenerativeEvaluator
{
    /// <summary>Evaluates <paramref name="generated"/> against <paramref name="real"/>.</summary>
    public static GenerativeMetrics Evaluate(MLContext mlContext, IDataView real, IDataView generated, GenerativeEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        options ??= new GenerativeEvaluationOptions();
        var column = options.FeatureColumnName;
        var realRows = real.ToArrays(column);
        var generatedRows = generated.ToArrays(column);
        if (realRows[0].Length != generatedRows[0].Length)
        {
            throw new ArgumentException($"Column '{column}' has {realRows[0].Length} values per row in the real data but {generatedRows[0].Length} in the generated data.", nameof(generated));
        }

        var seed = options.Seed ?? ((IHostEnvironment)mlContext).Register("Evaluate").Rand.Next();
        var extractor = options.FeatureExtractor;
        var realFeatures = extractor.Features(realRows);
        var generatedFeatures = extractor.Features(generatedRows);
        var trainingFeatures = options.TrainingData is null ? null : extractor.Features(options.TrainingData.ToArrays(column));
        return new GenerativeMetrics(
            extractor.Name,
            realRows.Length,
            generatedRows.Length,
            Metrics.FrechetDistance.Compute(realFeatures, generatedFeatures),
            Metrics.KernelDistance.Compute(realFeatures, generatedFeatures, options.KidSubsets, options.KidSubsetSize, seed),
            ManifoldMetrics.Compute(realFeatures, generatedFeatures, options.PrecisionRecallK),
            ManifoldMetrics.Compute(realFeatures, generatedFeatures, options.DensityCoverageK),
            options.TwoSampleTest ? Metrics.TwoSampleTest.OneNearestNeighbour(realFeatures, generatedFeatures) : null,
            trainingFeatures is null ? null : Metrics.Memorization.Compute(trainingFeatures, generatedFeatures),
            options.Classifier is { } classifier ? Metrics.InceptionScore.Compute(classifier, generatedRows) : null,
            options.Classifier is { } c ? ClassifierScores.ClassFractions(c, generatedRows) : null);
    }
}
