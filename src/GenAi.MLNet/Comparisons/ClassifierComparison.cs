using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Plotting;

namespace GenAi.MLNet.Comparisons;

/// <summary>One binary classifier's test scores.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="Accuracy">Fraction of rows classified correctly.</param>
/// <param name="F1">Harmonic mean of precision and recall of the positive class.</param>
/// <param name="RocAuc">Area under the ROC curve.</param>
/// <param name="Precision">Precision of the positive class.</param>
/// <param name="Recall">Recall of the positive class.</param>
/// <param name="Roc">The ROC curve.</param>
public sealed record ClassifierResult(string Name, double Accuracy, double F1, double RocAuc, double Precision, double Recall, RocCurve Roc);

/// <summary>Binary classifiers compared on the same test rows (<see cref="ComparisonCatalog.CompareClassifiers"/>).</summary>
public sealed class ClassifierComparison
{
    internal ClassifierComparison(IReadOnlyList<ClassifierResult> results) => Results = results;

    /// <summary>Every model's scores, in the order given.</summary>
    public IReadOnlyList<ClassifierResult> Results { get; }

    /// <summary>The scores of the model named <paramref name="name"/>.</summary>
    public ClassifierResult this[string name] => Results.First(r => r.Name == name);

    /// <summary>One row per model: accuracy, F1, ROC AUC, precision, recall.</summary>
    public MetricsTable ToTable(string title = "Binary classifiers on the same test rows")
    {
        var table = new MetricsTable(title, "accuracy", "F1", "ROC AUC", "precision", "recall");
        foreach (var r in Results)
        {
            table.Add(r.Name, r.Accuracy, r.F1, r.RocAuc, r.Precision, r.Recall);
        }

        return table;
    }

    /// <summary>The models' ROC curves in one plot.</summary>
    public PlotImage PlotRoc(string? title = null) => Plots.RocCurves(Results.Select(r => (r.Name, r.Roc.FalsePositiveRate, r.Roc.TruePositiveRate, r.RocAuc)), title);
}

/// <summary>Detectors compared on the same labelled rows (<see cref="ComparisonCatalog.CompareDetectors"/>).</summary>
public sealed class DetectorComparison
{
    internal DetectorComparison(IReadOnlyList<(string Name, DetectionScores Scores, RocCurve Roc)> results) => Results = results;

    /// <summary>Every detector's scores and ROC curve, in the order given.</summary>
    public IReadOnlyList<(string Name, DetectionScores Scores, RocCurve Roc)> Results { get; }

    /// <summary>The scores of the detector named <paramref name="name"/>.</summary>
    public DetectionScores this[string name] => Results.First(r => r.Name == name).Scores;

    /// <summary>One row per detector: ROC AUC, average precision, precision at k.</summary>
    public MetricsTable ToTable(string title = "Detectors on the same labelled rows")
    {
        var k = Results.Count > 0 ? Results[0].Scores.K : 0;
        var table = new MetricsTable(title, "ROC AUC", "PR AUC (avg precision)", $"precision@{k}");
        foreach (var (name, s, _) in Results)
        {
            table.Add(name, s.RocAuc, s.AveragePrecision, s.PrecisionAtK);
        }

        return table;
    }

    /// <summary>The detectors' ROC curves in one plot.</summary>
    public PlotImage PlotRoc(string? title = null) => Plots.RocCurves(Results.Select(r => (r.Name, r.Roc.FalsePositiveRate, r.Roc.TruePositiveRate, r.Scores.RocAuc)), title);
}
