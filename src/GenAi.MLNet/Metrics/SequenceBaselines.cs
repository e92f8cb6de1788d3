using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// Count-based baselines for sequences of classes (μ-law audio, characters, tokens): the bits per symbol an
/// n-gram model fitted on training sequences spends on test sequences — the figure a neural sequence model
/// has to beat.
/// </summary>
public static class SequenceBaselines
{
    /// <summary>
    /// −log₂ p per test symbol under an n-gram model of order <paramref name="order"/> (1: unigram; 3: each symbol
    /// given the two before), counted on <paramref name="train"/>, smoothed by interpolation with the next lower
    /// order: p(x | c) = (n(c, x) + β p_lower(x | c')) / (n(c) + β), β = <paramref name="strength"/>, the unigram with
    /// add-one counts. Only symbols with a full context are scored, as a model with that receptive field would.
    /// </summary>
    /// <param name="train">Training sequences of classes in [0, <paramref name="levels"/>).</param>
    /// <param name="test">Test sequences.</param>
    /// <param name="levels">Number of classes.</param>
    /// <param name="order">n of the n-gram, at least 1.</param>
    /// <param name="strength">β of the interpolation.</param>
    public static double BitsPerSymbol(IEnumerable<int[]> train, IEnumerable<int[]> test, int levels, int order, double strength = 1.0)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        if (!(strength > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "strength must be positive.");
        }

        var trainSequences = train.ToArray();
        var unigram = new double[levels];
        var contexts = new Dictionary<string, (Dictionary<int, int> Next, int Total)>[order];
        for (var k = 1; k < order; k++)
        {
            contexts[k] = [];
        }

        foreach (var s in trainSequences)
        {
            for (var i = 0; i < s.Length; i++)
            {
                Check(s[i], levels);
                unigram[s[i]]++;
                for (var k = 1; k < order && k <= i; k++)
                {
                    var key = Key(s, i, k);
                    var entry = contexts[k].TryGetValue(key, out var e) ? e : ([], 0);
                    entry.Next[s[i]] = entry.Next.GetValueOrDefault(s[i]) + 1;
                    contexts[k][key] = (entry.Next, entry.Total + 1);
                }
            }
        }

        var total = unigram.Sum();
        double bits = 0;
        long count = 0;
        foreach (var s in test)
        {
            for (var i = order - 1; i < s.Length; i++)
            {
                Check(s[i], levels);
                var p = (unigram[s[i]] + 1) / (total + levels);
                for (var k = 1; k < order; k++)
                {
                    if (contexts[k].TryGetValue(Key(s, i, k), out var e))
                    {
                        p = (e.Next.GetValueOrDefault(s[i]) + (strength * p)) / (e.Total + strength);
                    }
                }

                bits -= Math.Log2(p);
                count++;
            }
        }

        return count == 0 ? throw new ArgumentException($"No test sequence is longer than the context ({order - 1} symbols).", nameof(test)) : bits / count;
    }

    private static string Key(int[] s, int i, int k) => string.Join(",", s.AsSpan(i - k, k).ToArray());

    private static void Check(int symbol, int levels)
    {
        if (symbol < 0 || symbol >= levels)
        {
            throw new ArgumentOutOfRangeException(nameof(symbol), symbol, $"A class lies outside [0, {levels}).");
        }
    }
}
