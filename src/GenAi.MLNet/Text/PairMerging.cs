using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace GenAi.MLNet.Text;

/// <summary>
/// The loop shared by BPE and WordPiece training: words split into symbols, with counts; repeatedly the best
/// adjacent pair of symbols becomes one symbol in every word that has it. Pair counts are updated only for
/// the words a merge touches, so a merge costs the size of those words, not of the corpus.
/// </summary>
internal static class PairMerging
{
    /// <summary>How a pair is ranked.</summary>
    public enum Score
    {
        /// <summary>BPE (Sennrich et al. 2016): the pair's count.</summary>
        Count,

        /// <summary>WordPiece (Schuster and Nakajima 2012, as BERT's vocabulary): count(ab) / (count(a) count(b)), the merge that most raises the corpus likelihood under a unigram model.</summary>
        Likelihood,
    }

    /// <summary>
    /// The distinct words of <paramref name="words"/> in order of first appearance, with their counts (the
    /// BPE paper's "dictionary").
    /// </summary>
    public static (List<string> Order, Dictionary<string, long> Counts) CountWords(IEnumerable<string> words)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var word in words)
        {
            if (counts.TryGetValue(word, out var count))
            {
                counts[word] = count + 1;
            }
            else
            {
                counts[word] = 1;
                order.Add(word);
            }
        }

        return (order, counts);
    }

    /// <summary>
    /// Up to <paramref name="maxMerges"/> merges, each of the best-scoring pair whose count is at least
    /// <paramref name="minimumCount"/> (ties: the pair met first, in word order then left to right - the order
    /// of the BPE paper's reference code). In a word "a a a" the pair merges left to right ("aa a").
    /// </summary>
    /// <param name="words">Word types in order of first appearance, as symbols, with their counts.</param>
    /// <param name="maxMerges">The most merges to learn.</param>
    /// <param name="minimumCount">Learning stops when no pair occurs this often.</param>
    /// <param name="score">The ranking of pairs.</param>
    /// <param name="combine">The symbol a pair becomes (WordPiece drops the right part's "##").</param>
    /// <param name="cancellationToken">Stops learning between merges.</param>
    public static List<(string Left, string Right)> Learn(
        IReadOnlyList<(IReadOnlyList<string> Symbols, long Count)> words, int maxMerges, long minimumCount, Score score,
        Func<string, string, string> combine, CancellationToken cancellationToken = default)
    {
        var symbolIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var symbols = new List<string>();
        var spelled = words.Select(w => w.Symbols.Select(Intern).ToList()).ToArray();
        var wordCounts = words.Select(w => w.Count).ToArray();
        var symbolCounts = new Dictionary<int, long>();
        var pairCounts = new Dictionary<(int, int), long>();
        var pairWords = new Dictionary<(int, int), HashSet<int>>();
        for (var w = 0; w < spelled.Length; w++)
        {
            AddWord(w);
        }

        var merges = new List<(string, string)>();
        while (merges.Count < maxMerges)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (int, int) best = default;
            var bestScore = double.NegativeInfinity;
            (int Word, int Position) bestFirst = default;
            foreach (var (pair, count) in pairCounts)
            {
                if (count < minimumCount)
                {
                    continue;
                }

                var value = score == Score.Count ? count : count / ((double)symbolCounts[pair.Item1] * symbolCounts[pair.Item2]);
                if (value < bestScore)
                {
                    continue;
                }

                if (value > bestScore)
                {
                    (best, bestScore, bestFirst) = (pair, value, (-1, -1));
                    continue;
                }

                // A tie: the pair met first in the corpus wins (worked out only for ties).
                if (bestFirst.Word < 0)
                {
                    bestFirst = FirstOccurrence(best);
                }

                var first = FirstOccurrence(pair);
                if (first.Word < bestFirst.Word || (first.Word == bestFirst.Word && first.Position < bestFirst.Position))
                {
                    (best, bestFirst) = (pair, first);
                }
            }

            if (double.IsNegativeInfinity(bestScore))
            {
                break;
            }

            var (left, right) = (symbols[best.Item1], symbols[best.Item2]);
            var merged = Intern(combine(left, right));
            merges.Add((left, right));
            foreach (var w in pairWords[best].ToArray())
            {
                RemoveWord(w);
                var word = spelled[w];
                for (var i = 0; i < word.Count - 1; i++)
                {
                    if (word[i] == best.Item1 && word[i + 1] == best.Item2)
                    {
                        word[i] = merged;
                        word.RemoveAt(i + 1);
                    }
                }

                AddWord(w);
            }
        }

        return merges;

        int Intern(string symbol)
        {
            if (!symbolIds.TryGetValue(symbol, out var id))
            {
                id = symbols.Count;
                symbolIds[symbol] = id;
                symbols.Add(symbol);
            }

            return id;
        }

        void AddWord(int w)
        {
            var word = spelled[w];
            for (var i = 0; i < word.Count; i++)
            {
                symbolCounts[word[i]] = symbolCounts.GetValueOrDefault(word[i]) + wordCounts[w];
                if (i == word.Count - 1)
                {
                    break;
                }

                var pair = (word[i], word[i + 1]);
                pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + wordCounts[w];
                if (!pairWords.TryGetValue(pair, out var set))
                {
                    pairWords[pair] = set = [];
                }

                set.Add(w);
            }
        }

        void RemoveWord(int w)
        {
            var word = spelled[w];
            for (var i = 0; i < word.Count; i++)
            {
                symbolCounts[word[i]] -= wordCounts[w];
                if (i == word.Count - 1)
                {
                    break;
                }

                var pair = (word[i], word[i + 1]);
                var left = pairCounts[pair] - wordCounts[w];
                if (left == 0)
                {
                    pairCounts.Remove(pair);
                }
                else
                {
                    pairCounts[pair] = left;
                }

                pairWords[pair].Remove(w);
            }
        }

        (int Word, int Position) FirstOccurrence((int, int) pair)
        {
            var w = pairWords[pair].Min();
            var word = spelled[w];
            for (var i = 0; i < word.Count - 1; i++)
            {
                if (word[i] == pair.Item1 && word[i + 1] == pair.Item2)
                {
                    return (w, i);
                }
            }

            throw new InvalidOperationException("A pair's word set is out of step with its words.");
        }
    }
}
