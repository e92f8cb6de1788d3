using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Text.Retrieval;

/// <summary>
/// Ranking metrics for retrieval with one relevant document per query (known-item search): the rank of
/// the relevant document, mean reciprocal rank (Voorhees, TREC-8 QA track, 1999) and recall at k.
/// Ties count pessimistically: documents scoring the same as the relevant one rank ahead of it, so a
/// retriever that scores everything equally gets the worst rank, not the best.
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>
    /// The 1-based rank of document <paramref name="relevant"/>: 1 plus the number of other documents whose
    /// score is greater than or equal to its score.
    /// </summary>
    public static int RankOf(IReadOnlyList<double> scores, int relevant)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (relevant < 0 || relevant >= scores.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(relevant), relevant, $"The relevant document must index the {scores.Count} scores.");
        }

        var score = scores[relevant];
        var rank = 1;
        for (var i = 0; i < scores.Count; i++)
        {
            if (double.IsNaN(scores[i]))
            {
                throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
            }

            if (i != relevant && scores[i] >= score)
            {
                rank++;
            }
        }

        return rank;
    }

    /// <summary>
    /// Mean reciprocal rank: the mean over queries of 1 / <see cref="RankOf"/>. 1 when every relevant
    /// document comes first; a random ranking of N documents expects H(N) / N (H the harmonic number).
    /// </summary>
    /// <param name="scoresPerQuery">For each query, the score of every document.</param>
    /// <param name="relevantPerQuery">For each query, the index of its relevant document.</param>
    public static double MeanReciprocalRank(IReadOnlyList<IReadOnlyList<double>> scoresPerQuery, IReadOnlyList<int> relevantPerQuery)
        => Ranks(scoresPerQuery, relevantPerQuery).Average(r => 1.0 / r);

    /// <summary>
    /// Recall at k: the fraction of queries whose relevant document ranks k-th or better (<see cref="RankOf"/>).
    /// </summary>
    /// <param name="scoresPerQuery">For each query, the score of every document.</param>
    /// <param name="relevantPerQuery">For each query, the index of its relevant document.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    public static double RecallAtK(IReadOnlyList<IReadOnlyList<double>> scoresPerQuery, IReadOnlyList<int> relevantPerQuery, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return Ranks(scoresPerQuery, relevantPerQuery).Average(r => r <= k ? 1.0 : 0.0);
    }

    /// <summary>The k highest scores with their indices, best first, equal scores by lower index.</summary>
    internal static IReadOnlyList<(int Document, double Score)> Top(double[] scores, int k)
        => [.. Enumerable.Range(0, scores.Length)
            .OrderByDescending(i => scores[i])
            .ThenBy(i => i)
            .Take(k)
            .Select(i => (i, scores[i]))];

    private static int[] Ranks(IReadOnlyList<IReadOnlyList<double>> scoresPerQuery, IReadOnlyList<int> relevantPerQuery)
    {
        ArgumentNullException.ThrowIfNull(scoresPerQuery);
        ArgumentNullException.ThrowIfNull(relevantPerQuery);
        if (scoresPerQuery.Count != relevantPerQuery.Count)
        {
            throw new ArgumentException($"{scoresPerQuery.Count} score lists but {relevantPerQuery.Count} relevant documents.", nameof(relevantPerQuery));
        }

        if (scoresPerQuery.Count == 0)
        {
            throw new ArgumentException("Need at least one query.", nameof(scoresPerQuery));
        }

        var ranks = new int[scoresPerQuery.Count];
        for (var q = 0; q < ranks.Length; q++)
        {
            ranks[q] = RankOf(scoresPerQuery[q] ?? throw new ArgumentException($"The scores of query {q} are null.", nameof(scoresPerQuery)), relevantPerQuery[q]);
        }

        return ranks;
    }
}
