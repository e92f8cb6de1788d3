using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// The receiver operating characteristic of a score that should be higher for positives (e.g. an
/// anomaly score with anomalies as positives), and its area (AUC). The AUC equals the probability that
/// a random positive scores above a random negative, ties counting one half (Hanley and McNeil 1982).
/// </summary>
public sealed class RocCurve
{
    private RocCurve(double[] fpr, double[] tpr, double[] thresholds, double auc)
    {
        FalsePositiveRate = fpr;
        TruePositiveRate = tpr;
        Thresholds = thresholds;
        Auc = auc;
    }

    /// <summary>False-positive rates, from 0 to 1.</summary>
    public IReadOnlyList<double> FalsePositiveRate { get; }

    /// <summary>True-positive rates, from 0 to 1.</summary>
    public IReadOnlyList<double> TruePositiveRate { get; }

    /// <summary>Score threshold of each point (score &gt;= threshold counts as positive).</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>Area under the curve.</summary>
    public double Auc { get; }

    /// <summary>Computes the curve from scores and labels (true = positive).</summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is NaN, or one class is absent.</exception>
    public static RocCurve Compute(IReadOnlyList<float> scores, IReadOnlyList<bool> isPositive)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(isPositive);
        if (scores.Count != isPositive.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {isPositive.Count} labels.", nameof(isPositive));
        }

        if (scores.Any(float.IsNaN))
        {
            throw new ArgumentException("Scores contain NaN.", nameof(scores));
        }

        var positives = isPositive.Count(p => p);
        var negatives = isPositive.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException($"ROC needs both classes; found {positives} positives and {negatives} negatives.", nameof(isPositive));
        }

        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        var thresholds = new List<double> { double.PositiveInfinity };
        double tp = 0, fp = 0, auc = 0;
        for (var k = 0; k < order.Length;)
        {
            // Take every row tied at this score at once: ties make a diagonal segment (half credit).
            var score = scores[order[k]];
            double dtp = 0, dfp = 0;
            while (k < order.Length && scores[order[k]] == score)
            {
                if (isPositive[order[k]])
                {
                    dtp++;
                }
                else
                {
                    dfp++;
                }

                k++;
            }

            auc += dfp * (tp + (dtp / 2));
            tp += dtp;
            fp += dfp;
            fpr.Add(fp / negatives);
            tpr.Add(tp / positives);
            thresholds.Add(score);
        }

        return new RocCurve(fpr.ToArray(), tpr.ToArray(), thresholds.ToArray(), auc / ((double)positives * negatives));
    }
}
