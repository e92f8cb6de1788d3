using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// Metrics for generated text, on whitespace tokens (pass pre-tokenised text to use another tokeniser):
/// distinct-n (diversity), BLEU and self-BLEU (n-gram overlap), ROUGE-N (n-gram overlap), ROUGE-L (longest
/// common subsequence), novelty (share not copied from the training set).
/// </summary>
public static class TextMetrics
{
    /// <summary>Splits on whitespace.</summary>
    public static string[] Tokenize(string text)
        => (text ?? throw new ArgumentNullException(nameof(text))).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Distinct-n (Li et al., NAACL 2016): distinct n-grams divided by all n-grams over the texts; 1 when
    /// no n-gram repeats, low for repetitive generators.
    /// </summary>
    public static double DistinctN(IReadOnlyList<string[]> texts, int n)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var all = texts.SelectMany(t => NGrams(t, n)).ToList();
        return all.Count == 0 ? 0 : all.Distinct().Count() / (double)all.Count;
    }

    /// <summary>
    /// Corpus BLEU (Papineni et al., ACL 2002) with uniform weights up to <paramref name="maxN"/>:
    /// the geometric mean of clipped n-gram precisions summed over the corpus times the brevity penalty
    /// exp(min(0, 1 - r / c)), r choosing for each candidate the reference length closest to it. Without
    /// smoothing a zero precision gives 0 (as NLTK's corpus_bleu).
    /// </summary>
    public static double CorpusBleu(IReadOnlyList<string[]> candidates, IReadOnlyList<IReadOnlyList<string[]>> references, int maxN = 4)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(references);
        if (candidates.Count != references.Count)
        {
            throw new ArgumentException($"{candidates.Count} candidates but {references.Count} reference lists.", nameof(references));
        }

        var matches = new double[maxN];
        var totals = new double[maxN];
        double candidateLength = 0, referenceLength = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            Accumulate(candidates[i], references[i], maxN, matches, totals);
            candidateLength += candidates[i].Length;
            referenceLength += ClosestReferenceLength(candidates[i], references[i]);
        }

        return Combine(matches, totals, candidateLength, referenceLength, smooth: false);
    }

    /// <summary>
    /// Sentence BLEU with NLTK's smoothing "method1" (zero n-gram matches count as 0.1), used by self-BLEU.
    /// </summary>
    public static double SentenceBleu(string[] candidate, IReadOnlyList<string[]> references, int maxN = 4)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var matches = new double[maxN];
        var totals = new double[maxN];
        Accumulate(candidate, references, maxN, matches, totals);
        return Combine(matches, totals, candidate.Length, ClosestReferenceLength(candidate, references), smooth: true);
    }

    /// <summary>
    /// Self-BLEU (Zhu et al., "Texygen", SIGIR 2018): each text's smoothed sentence BLEU against all the
    /// other texts as references, averaged. High when the texts resemble one another (low diversity).
    /// </summary>
    public static double SelfBleu(IReadOnlyList<string[]> texts, int maxN = 4)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count < 2)
        {
            throw new ArgumentException("Self-BLEU needs at least two texts.", nameof(texts));
        }

        return Enumerable.Range(0, texts.Count).Average(i => SentenceBleu(texts[i], texts.Where((_, j) => j != i).ToList(), maxN));
    }

    /// <summary>
    /// ROUGE-L F1 (Lin, 2004): with L the length of the longest common subsequence of candidate and
    /// reference, precision L / |candidate|, recall L / |reference|, F1 their harmonic mean.
    /// </summary>
    public static double RougeL(string[] candidate, string[] reference)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        if (candidate.Length == 0 || reference.Length == 0)
        {
            return 0;
        }

        var lcs = LongestCommonSubsequence(candidate, reference);
        if (lcs == 0)
        {
            return 0;
        }

        double precision = lcs / (double)candidate.Length, recall = lcs / (double)reference.Length;
        return 2 * precision * recall / (precision + recall);
    }

    /// <summary>Mean ROUGE-L F1 over candidate/reference pairs.</summary>
    public static double RougeL(IReadOnlyList<string[]> candidates, IReadOnlyList<string[]> references)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(references);
        return candidates.Zip(references).Average(p => RougeL(p.First, p.Second));
    }

    /// <summary>
    /// ROUGE-N F1 (Lin, "ROUGE: A Package for Automatic Evaluation of Summaries", 2004): with the overlap the
    /// clipped count of shared n-grams (each n-gram counted at most as often as it occurs on either side),
    /// precision overlap / candidate n-grams, recall overlap / reference n-grams, F1 their harmonic mean.
    /// 0 when either side has no n-grams (is shorter than <paramref name="n"/>). Default n = 1 (ROUGE-1).
    /// </summary>
    public static double RougeN(string[] candidate, string[] reference, int n = 1)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        if (candidate.Length < n || reference.Length < n)
        {
            return 0;
        }

        var referenceCounts = Counts(NGrams(reference, n));
        var overlap = Counts(NGrams(candidate, n)).Sum(p => Math.Min(p.Value, referenceCounts.GetValueOrDefault(p.Key)));
        if (overlap == 0)
        {
            return 0;
        }

        double precision = overlap / (double)(candidate.Length - n + 1), recall = overlap / (double)(reference.Length - n + 1);
        return 2 * precision * recall / (precision + recall);
    }

    /// <summary>Mean ROUGE-N F1 over candidate/reference pairs (<see cref="RougeN(string[], string[], int)"/>); default n = 1.</summary>
    public static double RougeN(IReadOnlyList<string[]> candidates, IReadOnlyList<string[]> references, int n = 1)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(references);
        if (candidates.Count != references.Count)
        {
            throw new ArgumentException($"{candidates.Count} candidates but {references.Count} references.", nameof(references));
        }

        if (candidates.Count == 0)
        {
            throw new ArgumentException("Need at least one candidate/reference pair.", nameof(candidates));
        }

        return candidates.Zip(references).Average(p => RougeN(p.First, p.Second, n));
    }

    /// <summary>
    /// Novelty: the fraction of <paramref name="generated"/> strings that do not occur in <paramref name="training"/>,
    /// both trimmed and compared case-insensitively (ordinal). 1 when nothing generated is copied from the
    /// training set, 0 when everything is (for a generator of names or SMILES, a low value means memorisation).
    /// </summary>
    public static double Novelty(IReadOnlyList<string> generated, IEnumerable<string> training)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(training);
        if (generated.Count == 0)
        {
            throw new ArgumentException("Need at least one generated string.", nameof(generated));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var text in training)
        {
            seen.Add((text ?? throw new ArgumentException("The training set holds a null string.", nameof(training))).Trim());
        }

        var novel = 0;
        for (var i = 0; i < generated.Count; i++)
        {
            var text = generated[i] ?? throw new ArgumentException($"Generated string {i} is null.", nameof(generated));
            if (!seen.Contains(text.Trim()))
            {
                novel++;
            }
        }

        return novel / (double)generated.Count;
    }

    private static void Accumulate(string[] candidate, IReadOnlyList<string[]> references, int maxN, double[] matches, double[] totals)
    {
        for (var n = 1; n <= maxN; n++)
        {
            var counts = Counts(NGrams(candidate, n));
            var maxReference = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var reference in references)
            {
                foreach (var (gram, count) in Counts(NGrams(reference, n)))
                {
                    maxReference[gram] = Math.Max(maxReference.GetValueOrDefault(gram), count);
                }
            }

            matches[n - 1] += counts.Sum(p => Math.Min(p.Value, maxReference.GetValueOrDefault(p.Key)));
            totals[n - 1] += Math.Max(0, candidate.Length - n + 1);
        }
    }

    private static double Combine(double[] matches, double[] totals, double candidateLength, double referenceLength, bool smooth)
    {
        // No unigram match at all scores 0 even with smoothing (as NLTK).
        if (candidateLength == 0 || matches[0] == 0)
        {
            return 0;
        }

        double logSum = 0;
        for (var n = 0; n < matches.Length; n++)
        {
            var numerator = matches[n];
            if (numerator == 0)
            {
                if (!smooth || totals[n] == 0)
                {
                    return 0;
                }

                numerator = 0.1;
            }

            logSum += Math.Log(numerator / totals[n]) / matches.Length;
        }

        var brevity = candidateLength > referenceLength ? 1 : Math.Exp(1 - (referenceLength / candidateLength));
        return brevity * Math.Exp(logSum);
    }

    private static int ClosestReferenceLength(string[] candidate, IReadOnlyList<string[]> references)
        => references.Select(r => r.Length).OrderBy(l => Math.Abs(l - candidate.Length)).ThenBy(l => l).First();

    private static IEnumerable<string> NGrams(string[] tokens, int n)
    {
        for (var i = 0; i + n <= tokens.Length; i++)
        {
            yield return string.Join('\u0001', tokens, i, n);
        }
    }

    private static Dictionary<string, int> Counts(IEnumerable<string> grams)
        => grams.GroupBy(g => g, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static int LongestCommonSubsequence(string[] a, string[] b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], current[j - 1]);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
