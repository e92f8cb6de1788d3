using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// Top-k ranking quality of recommendations, as Liang et al. (2018) report it: Recall@k = hits among the k best-ranked
/// items / min(k, held-out items), and NDCG@k with binary relevance (discounted gain of the hits over the best possible),
/// each averaged over users. Items the user already showed (fold-in) are never ranked.
/// </summary>
/// <param name="K">The cut-off k.</param>
/// <param name="Recall">Mean Recall@k.</param>
/// <param name="Ndcg">Mean NDCG@k.</param>
/// <param name="RecallStandardError">Standard error of the mean Recall@k over users.</param>
/// <param name="NdcgStandardError">Standard error of the mean NDCG@k over users.</param>
/// <param name="Users">Users scored (those with at least one held-out item).</param>
public sealed record RankingScores(int K, double Recall, double Ndcg, double RecallStandardError, double NdcgStandardError, int Users)
{
    /// <summary>Computes the scores from per-user item scores (higher = recommend first).</summary>
    /// <exception cref="ArgumentException">Lengths differ, k is below 1, or a score is NaN.</exception>
    public static RankingScores Compute(IReadOnlyList<float[]> scores, IReadOnlyList<int[]> heldOut, IReadOnlyList<int[]> exclude, int k)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(exclude);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (scores.Count != heldOut.Count || scores.Count != exclude.Count)
        {
            throw new ArgumentException($"{scores.Count} score rows, {heldOut.Count} held-out lists and {exclude.Count} exclusion lists: give one of each per user.", nameof(scores));
        }

        var recalls = new List<double>();
        var ndcgs = new List<double>();
        for (var u = 0; u < scores.Count; u++)
        {
            if (heldOut[u].Length == 0)
            {
                continue;
            }

            var row = scores[u];
            if (row.Any(float.IsNaN))
            {
                throw new ArgumentException($"The scores of user {u} contain NaN.", nameof(scores));
            }

            var skip = exclude[u].ToHashSet();
            var relevant = heldOut[u].ToHashSet();
            var top = Enumerable.Range(0, row.Length).Where(i => !skip.Contains(i)).OrderByDescending(i => row[i]).ThenBy(i => i).Take(k).ToArray();
            var hits = top.Count(relevant.Contains);
            recalls.Add(hits / (double)Math.Min(k, relevant.Count));
            var dcg = top.Select((item, rank) => relevant.Contains(item) ? 1 / Math.Log2(rank + 2) : 0).Sum();
            var ideal = Enumerable.Range(0, Math.Min(k, relevant.Count)).Sum(rank => 1 / Math.Log2(rank + 2));
            ndcgs.Add(dcg / ideal);
        }

        if (recalls.Count == 0)
        {
            throw new ArgumentException("No user has a held-out item.", nameof(heldOut));
        }

        static double StandardError(List<double> v)
        {
            var mean = v.Average();
            return v.Count < 2 ? 0 : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1) / v.Count);
        }

        return new RankingScores(k, recalls.Average(), ndcgs.Average(), StandardError(recalls), StandardError(ndcgs), recalls.Count);
    }
}
