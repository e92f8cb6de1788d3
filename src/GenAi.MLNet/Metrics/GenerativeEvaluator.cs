using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Metrics;

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
            options.TwoSampleTest ? Metrics.TwoSampleTest.OneNearestNeighbour(realFeatures, generatedFeatures, seed) : null,
            trainingFeatures is null ? null : Metrics.Memorization.Compute(trainingFeatures, generatedFeatures),
            options.Classifier is { } classifier ? Metrics.InceptionScore.Compute(classifier, generatedRows) : null,
            options.Classifier is { } c ? ClassifierScores.ClassFractions(c, generatedRows) : null);
    }
}
