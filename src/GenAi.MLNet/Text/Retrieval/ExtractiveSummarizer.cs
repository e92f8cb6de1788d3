using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace GenAi.MLNet.Text.Retrieval;

/// <summary>
/// Extractive summarisation by centroid (Radev et al., "Centroid-based summarization of multiple documents",
/// 2004, for one document): each sentence becomes a TF-IDF vector of its words (<see cref="Bm25Index.Words"/>),
/// the document's centroid is the sum of its sentences' vectors, and the summary is the sentences most
/// cosine-similar to the centroid, in their original order. <see cref="Lead"/> is the first-sentences baseline
/// that such summarisers are measured against.
/// </summary>
public sealed class ExtractiveSummarizer
{
    /// <summary>Sentences with fewer words than this are not chosen unless the text has no longer one.</summary>
    public const int MinimumWords = 4;

    // Words before a full stop that do not end a sentence (lower case, inner full stops kept).
    private static readonly HashSet<string> s_abbreviations = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "rev", "capt", "col", "gen", "lt", "sgt", "mt", "messrs",
        "vs", "cf", "fig", "approx", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k",
    };

    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private readonly int _documents;

    /// <summary>Learns the inverse document frequencies of words from <paramref name="corpus"/>, one text per document.</summary>
    /// <param name="corpus">The documents (none null); may be empty, which weighs every word the same.</param>
    public ExtractiveSummarizer(IReadOnlyList<string> corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        for (var i = 0; i < corpus.Count; i++)
        {
            var text = corpus[i] ?? throw new ArgumentException($"Document {i} is null.", nameof(corpus));
            foreach (var word in Bm25Index.Words(text).Distinct(StringComparer.Ordinal))
            {
                _documentFrequency[word] = _documentFrequency.GetValueOrDefault(word) + 1;
            }
        }

        _documents = corpus.Count;
    }

    /// <summary>
    /// The smoothed inverse document frequency ln((1 + N) / (1 + n)) + 1 of a word (as scikit-learn's
    /// TfidfVectorizer), N the corpus size and n the documents holding it; unseen words get ln(1 + N) + 1.
    /// </summary>
    public double InverseDocumentFrequency(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return Math.Log((1.0 + _documents) / (1.0 + _documentFrequency.GetValueOrDefault(word))) + 1;
    }

    /// <summary>
    /// Splits a text into sentences: at '.', '!' or '?' (with any closing quotes or brackets after them)
    /// followed by whitespace or the end, unless the next word starts with a lower-case letter
    /// (<c>"Stop!" she said.</c> stays whole), and at blank lines. A full stop after a common abbreviation
    /// ("Mr.", "Mrs.", "Dr.", "St.", "e.g.", "i.e." and the like) or after a single capital initial other
    /// than "I" and "A" does not end a sentence. Each sentence is trimmed with its runs of whitespace
    /// (line breaks included) made one space; empty sentences are dropped.
    /// </summary>
    public static IReadOnlyList<string> Sentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        var current = new StringBuilder();
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (c == '\n' && IsBlankLineAhead(normalized, i))
            {
                Flush(current, sentences);
                continue;
            }

            current.Append(c);
            if (c is not ('.' or '!' or '?'))
            {
                continue;
            }

            // Keep runs such as "?!", "..." and closing quotes or brackets with the sentence.
            while (i + 1 < normalized.Length && normalized[i + 1] is '.' or '!' or '?' or '"' or '\'' or ')' or ']' or '’' or '”')
            {
                current.Append(normalized[++i]);
            }

            var atEnd = i + 1 >= normalized.Length || (char.IsWhiteSpace(normalized[i + 1]) && !NextWordIsLowerCase(normalized, i + 1));
            if (atEnd && !(c == '.' && EndsWithAbbreviation(current)))
            {
                Flush(current, sentences);
            }
        }

        Flush(current, sentences);
        return sentences;
    }

    /// <summary>
    /// The first <paramref name="sentences"/> sentences of <paramref name="text"/> (<see cref="Sentences"/>),
    /// joined by spaces: the lead baseline. Empty when the text has no sentence.
    /// </summary>
    public static string Lead(string text, int sentences = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sentences);
        return string.Join(' ', Sentences(text).Take(sentences));
    }

    /// <summary>
    /// The <paramref name="sentences"/> sentences of <paramref name="text"/> whose TF-IDF vectors (raw word
    /// counts times <see cref="InverseDocumentFrequency"/>) are most cosine-similar to the text's centroid,
    /// ties to the earlier sentence, joined by spaces in their original order. Sentences of fewer than
    /// <see cref="MinimumWords"/> words are passed over unless no sentence is that long. Empty when the text
    /// has no sentence; the whole text when it has no more than <paramref name="sentences"/> candidates.
    /// </summary>
    public string Summarize(string text, int sentences = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sentences);
        var all = Sentences(text);
        if (all.Count == 0)
        {
            return string.Empty;
        }

        var vectors = all.Select(Vector).ToList();
        var centroid = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var vector in vectors)
        {
            foreach (var (word, weight) in vector.Weights)
            {
                centroid[word] = centroid.GetValueOrDefault(word) + weight;
            }
        }

        var centroidNorm = Math.Sqrt(centroid.Values.Sum(w => w * w));
        var candidates = Enumerable.Range(0, all.Count).Where(i => vectors[i].Words >= MinimumWords).ToList();
        if (candidates.Count == 0)
        {
            candidates = [.. Enumerable.Range(0, all.Count)];
        }

        var chosen = candidates
            .Select(i => (Index: i, Score: Cosine(vectors[i].Weights, centroid, centroidNorm)))
            .OrderByDescending(p => p.Score)
            .ThenBy(p => p.Index)
            .Take(sentences)
            .Select(p => p.Index)
            .Order();
        return string.Join(' ', chosen.Select(i => all[i]));
    }

    private (Dictionary<string, double> Weights, int Words) Vector(string sentence)
    {
        var words = Bm25Index.Words(sentence);
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            weights[word] = weights.GetValueOrDefault(word) + 1;
        }

        foreach (var word in weights.Keys.ToList())
        {
            weights[word] *= InverseDocumentFrequency(word);
        }

        return (weights, words.Length);
    }

    private static double Cosine(Dictionary<string, double> sentence, Dictionary<string, double> centroid, double centroidNorm)
    {
        var norm = Math.Sqrt(sentence.Values.Sum(w => w * w));
        if (norm == 0 || centroidNorm == 0)
        {
            return 0;
        }

        var dot = sentence.Sum(p => p.Value * centroid.GetValueOrDefault(p.Key));
        return dot / (norm * centroidNorm);
    }

    private static bool NextWordIsLowerCase(string text, int from)
    {
        var j = from;
        while (j < text.Length && char.IsWhiteSpace(text[j]))
        {
            if (text[j] == '\n' && IsBlankLineAhead(text, j))
            {
                return false;
            }

            j++;
        }

        return j < text.Length && char.IsLower(text[j]);
    }

    private static bool IsBlankLineAhead(string text, int newline)
    {
        for (var j = newline + 1; j < text.Length; j++)
        {
            if (text[j] == '\n')
            {
                return true;
            }

            if (!char.IsWhiteSpace(text[j]))
            {
                return false;
            }
        }

        return false;
    }

    private static bool EndsWithAbbreviation(StringBuilder sentence)
    {
        // The token before the final full stop: letters and inner full stops, e.g. "Mr" or "e.g".
        var end = sentence.Length - 1;
        while (end >= 0 && sentence[end] != '.')
        {
            end--;
        }

        var start = end;
        while (start > 0 && (char.IsLetter(sentence[start - 1]) || (sentence[start - 1] == '.' && start - 1 > 0 && char.IsLetter(sentence[start - 2]))))
        {
            start--;
        }

        if (start == end || (start > 0 && !char.IsWhiteSpace(sentence[start - 1]) && sentence[start - 1] is not ('(' or '"' or '\'' or '“' or '‘')))
        {
            return false;
        }

        var token = sentence.ToString(start, end - start);
        if (token.Length == 1 && char.IsUpper(token[0]) && token is not ("I" or "A"))
        {
            return true;
        }

        return s_abbreviations.Contains(token.ToLowerInvariant());
    }

    private static void Flush(StringBuilder current, List<string> sentences)
    {
        var sentence = string.Join(' ', current.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (sentence.Length > 0)
        {
            sentences.Add(sentence);
        }

        current.Clear();
    }
}
