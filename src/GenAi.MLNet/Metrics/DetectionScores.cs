using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// How well a score ranks the rare positives (anomalies, frauds, spam) above the rest: the ROC AUC, the
/// precision–recall AUC (average precision, which unlike the ROC AUC drops when positives are rare and the
/// top of the ranking is polluted), and the precision among the k highest scores (what an analyst reviewing
/// k cases a day sees).
/// </summary>
/// <param name="RocAuc">Area under the ROC curve: the chance a random positive outscores a random negative.</param>
/// <param name="AveragePrecision">Area under the precision–recall curve (average precision; ties scored as one step).</param>
/// <param name="PrecisionAtK">Fraction of positives among the <paramref name="K"/> highest scores.</param>
/// <param name="K">The k of <paramref name="PrecisionAtK"/>.</param>
/// <param name="PositiveRate">Fraction of positives (the average precision of a random score).</param>
public sealed record DetectionScores(double RocAuc, double AveragePrecision, double PrecisionAtK, int K, double PositiveRate)
{
    /// <summary>Computes the scores; higher <paramref name="scores"/> should mean positive.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is NaN, one class is absent, or k is out of range.</exception>
    public static DetectionScores Compute(IReadOnlyList<float> scores, IReadOnlyList<bool> isPositive, int k)
    {
        var roc = RocCurve.Compute(scores, isPositive); // checks lengths, NaN and both classes
        if (k < 1 || k > scores.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the number of rows ({scores.Count}).");
        }

        var positives = isPositive.Count(p => p);
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        double tp = 0, seen = 0, ap = 0;
        for (var i = 0; i < order.Length;)
        {
            var score = scores[order[i]];
            double groupPositives = 0;
            while (i < order.Length && scores[order[i]] == score)
            {
                groupPositives += isPositive[order[i]] ? 1 : 0;
                seen++;
                i++;
            }

            tp += groupPositives;
            ap += groupPositives / positives * (tp / seen); // recall step x precision at the end of the tied group
        }

        var atK = order.Take(k).Count(i => isPositive[i]) / (double)k;
        return new DetectionScores(roc.Auc, ap, atK, k, positives / (double)scores.Count);
    }
}
