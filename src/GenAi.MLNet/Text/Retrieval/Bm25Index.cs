using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace GenAi.MLNet.Text.Retrieval;

/// <summary>
/// Okapi BM25 keyword search (Robertson and Zaragoza, "The Probabilistic Relevance Framework: BM25 and
/// Beyond", 2009) over a fixed list of documents, on lower-cased words (<see cref="Words"/>).
/// A document D scores, for a query of terms q,
/// sum over q of IDF(q) · f(q, D) (k1 + 1) / (f(q, D) + k1 (1 − b + b |D| / avgdl)),
/// with f(q, D) the count of q in D, |D| its length in words, avgdl the mean length, and
/// IDF(q) = ln(1 + (N − n(q) + 0.5) / (n(q) + 0.5)) for N documents of which n(q) contain q (always positive).
/// A term repeated in the query counts once per occurrence (the k3 → ∞ form of the query-term weight).
/// </summary>
public sealed class Bm25Index
{
    private readonly Dictionary<string, List<(int Document, int Count)>> _postings = new(StringComparer.Ordinal);
    private readonly int[] _lengths;
    private readonly double _averageLength;
    private readonly double _k1;
    private readonly double _b;
    private readonly IReadOnlySet<string>? _stopWords;

    /// <summary>Indexes <paramref name="documents"/>: document i of the results is <paramref name="documents"/>[i].</summary>
    /// <param name="documents">The texts to search; none may be null (an empty text never matches).</param>
    /// <param name="k1">Term-frequency saturation, ≥ 0; 0 ignores how often a term occurs. Default 1.2, the usual choice in 1.2–2.0.</param>
    /// <param name="b">Length normalisation in [0, 1]; 0 none, 1 full. Default 0.75.</param>
    /// <param name="stopWords">Lower-case words to leave out of documents and queries; null (the default) keeps every word.</param>
    public Bm25Index(IReadOnlyList<string> documents, double k1 = 1.2, double b = 0.75, IReadOnlySet<string>? stopWords = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (!double.IsFinite(k1) || k1 < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k1), k1, "k1 must be finite and non-negative.");
        }

        if (!(b >= 0 && b <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, "b must lie in [0, 1].");
        }

        (_k1, _b, _stopWords) = (k1, b, stopWords);
        _lengths = new int[documents.Count];
        for (var i = 0; i < documents.Count; i++)
        {
            var words = Terms(documents[i] ?? throw new ArgumentException($"Document {i} is null.", nameof(documents)));
            _lengths[i] = words.Length;
            foreach (var group in words.GroupBy(w => w, StringComparer.Ordinal))
            {
                if (!_postings.TryGetValue(group.Key, out var list))
                {
                    _postings[group.Key] = list = [];
                }

                list.Add((i, group.Count()));
            }
        }

        _averageLength = _lengths.Length == 0 ? 0 : _lengths.Average();
    }

    /// <summary>
    /// A short list of English function words (articles, pronouns, auxiliaries, prepositions, conjunctions, question
    /// words) for <c>stopWords</c>: words that occur everywhere and only add noise to a short query.
    /// </summary>
    public static IReadOnlySet<string> EnglishStopWords { get; } = new HashSet<string>(
        """
        a an the and or but if then than so of to in on at by for with from into onto about as is are was were be been being
        am do does did doing have has had having i me my we our you your he him his she her it its they them their this that
        these those there here what which who whom whose when where why how all any each every some no not can could will
        would shall should may might must also just only very too up down out over under again more most such own same
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// <summary>The number of documents indexed.</summary>
    public int Count => _lengths.Length;

    /// <summary>
    /// The words of a text as the index sees them: maximal runs of letters and digits (an apostrophe between
    /// two letters stays inside the word, so "don't" is one word), lower-cased with the invariant culture.
    /// </summary>
    public static string[] Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if ((c == '\'' || c == '’') && word.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]) && char.IsLetter(text[i - 1]))
            {
                word.Append('\'');
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }

    /// <summary>
    /// The inverse document frequency ln(1 + (N − n + 0.5) / (n + 0.5)) of a word (lower-cased first),
    /// n the number of documents holding it; a word in no document gets ln(1 + 2N + 1).
    /// </summary>
    public double InverseDocumentFrequency(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var n = _postings.TryGetValue(word.ToLower(CultureInfo.InvariantCulture), out var list) ? list.Count : 0;
        return Math.Log(1 + ((Count - n + 0.5) / (n + 0.5)));
    }

    /// <summary>The BM25 score of every document for <paramref name="query"/>, in document order; 0 for documents sharing no word with it.</summary>
    public double[] Scores(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var scores = new double[Count];
        foreach (var term in Terms(query))
        {
            if (!_postings.TryGetValue(term, out var list))
            {
                continue;
            }

            var idf = Math.Log(1 + ((Count - list.Count + 0.5) / (list.Count + 0.5)));
            foreach (var (document, count) in list)
            {
                var norm = _averageLength > 0 ? 1 - _b + (_b * _lengths[document] / _averageLength) : 1;
                scores[document] += idf * count * (_k1 + 1) / (count + (_k1 * norm));
            }
        }

        return scores;
    }

    /// <summary>
    /// The <paramref name="k"/> best documents for <paramref name="query"/> (fewer when the index holds fewer),
    /// best first, equal scores by lower document index; documents scoring 0 fill the list when few match.
    /// </summary>
    public IReadOnlyList<(int Document, double Score)> Search(string query, int k = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return RetrievalMetrics.Top(Scores(query), k);
    }

    private string[] Terms(string text)
    {
        var words = Words(text);
        return _stopWords is null ? words : [.. words.Where(w => !_stopWords.Contains(w))];
    }
}
