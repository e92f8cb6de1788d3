using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Metrics;

namespace GenAi.MLNet.Comparisons;

/// <summary>
/// Distance to the closest record (DCR), the usual privacy check of synthetic tables: how near each synthetic row sits to
/// a real training row, next to how near real rows the generator never saw sit to the same training rows (features
/// standardised by the training rows' means and standard deviations).
/// </summary>
/// <param name="Name">The synthetic set's name.</param>
/// <param name="MedianSynthetic">Median distance from a synthetic row to its closest training row.</param>
/// <param name="MedianHoldout">The same for the held-out real rows: the reference a fresh sample of the population would match.</param>
/// <param name="FifthPercentileSynthetic">5th percentile of the synthetic rows' distances: small when some rows are near-copies.</param>
/// <param name="FifthPercentileHoldout">5th percentile of the held-out rows' distances.</param>
/// <param name="FractionTooClose">Fraction of synthetic rows nearer to a training row than the 5th percentile of the held-out rows' distances: about 0.05 for rows drawn from the population, 1 for copies of training rows.</param>
/// <param name="ExactCopies">Fraction of synthetic rows equal to a training row (distance below 1e-6).</param>
public sealed record DistanceToClosestRecord(string Name, double MedianSynthetic, double MedianHoldout, double FifthPercentileSynthetic,
    double FifthPercentileHoldout, double FractionTooClose, double ExactCopies);

/// <summary>
/// Synthetic data judged by use and by privacy (<see cref="SimulationCatalog.CompareSyntheticData"/>): the same
/// classifier trained on the real rows and on each synthetic set, all tested on the same real rows
/// (train-on-synthetic, test-on-real: Esteban, Hyland and Rätsch 2017), and each set's distance to the closest record.
/// </summary>
public sealed class SyntheticDataComparison
{
    internal SyntheticDataComparison(ClassifierComparison classifiers, IReadOnlyList<DistanceToClosestRecord> privacy)
    {
        Classifiers = classifiers;
        Privacy = privacy;
    }

    /// <summary>The classifiers on the real test rows: "real" first, then one per synthetic set.</summary>
    public ClassifierComparison Classifiers { get; }

    /// <summary>Distance to the closest record, one per synthetic set.</summary>
    public IReadOnlyList<DistanceToClosestRecord> Privacy { get; }

    /// <summary>One row per training set: test accuracy, F1 and ROC AUC on the real rows, and the DCR figures (blank for the real rows).</summary>
    public MetricsTable ToTable(string title = "Train on synthetic, test on real; distance to the closest record")
    {
        var table = new MetricsTable(title, "accuracy", "F1", "ROC AUC", "median DCR", "median DCR of held-out real", "5th pct DCR", "too close (<5th pct of held-out)", "exact copies");
        foreach (var r in Classifiers.Results)
        {
            var p = Privacy.FirstOrDefault(d => d.Name == r.Name);
            table.Add(r.Name, r.Accuracy, r.F1, r.RocAuc, p?.MedianSynthetic, p?.MedianHoldout, p?.FifthPercentileSynthetic, p?.FractionTooClose, p?.ExactCopies);
        }

        return table;
    }
}
