using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// Statistics for human (or simulated human) evaluation: agreement between raters, rankings from
/// pairwise preferences, and rank correlation between two rankings.
/// </summary>
public static class RaterAgreement
{
    /// <summary>
    /// Fleiss' kappa (Fleiss, Psychological Bulletin 1971) for N items each rated by the same number of
    /// raters into k categories: <paramref name="counts"/>[i, j] is how many raters put item i in category j.
    /// 1 is perfect agreement, 0 what chance alone gives, negative less than chance.
    /// </summary>
    public static double FleissKappa(int[,] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var (items, categories) = (counts.GetLength(0), counts.GetLength(1));
        var raters = Enumerable.Range(0, categories).Sum(j => counts[0, j]);
        if (items == 0 || raters < 2)
        {
            throw new ArgumentException("Need at least one item rated by at least two raters.", nameof(counts));
        }

        double agreement = 0;
        var share = new double[categories];
        for (var i = 0; i < items; i++)
        {
            var total = Enumerable.Range(0, categories).Sum(j => counts[i, j]);
            if (total != raters)
            {
                throw new ArgumentException($"Item {i} has {total} ratings; item 0 has {raters}. Every item needs the same number of raters.", nameof(counts));
            }

            double pairs = 0;
            for (var j = 0; j < categories; j++)
            {
                pairs += counts[i, j] * (counts[i, j] - 1.0);
                share[j] += counts[i, j] / (double)(items * raters);
            }

            agreement += pairs / (raters * (raters - 1.0)) / items;
        }

        var chance = share.Sum(p => p * p);
        return chance >= 1 ? 1 : (agreement - chance) / (1 - chance);
    }

    /// <summary>
    /// Bradley–Terry strengths (Bradley and Terry, Biometrika 1952) from a matrix of pairwise wins,
    /// <paramref name="wins"/>[i, j] = times i was preferred to j, fitted by Hunter's MM algorithm (Annals
    /// of Statistics 2004); P(i beats j) = s_i / (s_i + s_j). Strengths are normalised to sum to 1.
    /// </summary>
    public static double[] BradleyTerry(double[,] wins, int iterations = 1000, double tolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(wins);
        var n = wins.GetLength(0);
        if (n != wins.GetLength(1))
        {
            throw new ArgumentException("The wins matrix must be square.", nameof(wins));
        }

        var strength = Enumerable.Repeat(1.0 / n, n).ToArray();
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var next = new double[n];
            for (var i = 0; i < n; i++)
            {
                var totalWins = Enumerable.Range(0, n).Sum(j => wins[i, j]);
                var denominator = Enumerable.Range(0, n).Where(j => j != i)
                    .Sum(j => (wins[i, j] + wins[j, i]) / (strength[i] + strength[j]));
                next[i] = denominator > 0 ? totalWins / denominator : strength[i];
            }

            var sum = next.Sum();
            var change = 0.0;
            for (var i = 0; i < n; i++)
            {
                next[i] /= sum;
                change = Math.Max(change, Math.Abs(next[i] - strength[i]));
            }

            strength = next;
            if (change < tolerance)
            {
                break;
            }
        }

        return strength;
    }

    /// <summary>Kendall's tau-a between two score lists of the same items: +1 same order, -1 reversed.</summary>
    public static double KendallTau(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count || first.Count < 2)
        {
            throw new ArgumentException("Need two score lists of the same length, at least 2.", nameof(second));
        }

        double concordant = 0, discordant = 0;
        for (var i = 0; i < first.Count; i++)
        {
            for (var j = i + 1; j < first.Count; j++)
            {
                var product = Math.Sign(first[i] - first[j]) * Math.Sign(second[i] - second[j]);
                if (product > 0)
                {
                    concordant++;
                }
                else if (product < 0)
                {
                    discordant++;
                }
            }
        }

        return (concordant - discordant) / (first.Count * (first.Count - 1) / 2.0);
    }
}
