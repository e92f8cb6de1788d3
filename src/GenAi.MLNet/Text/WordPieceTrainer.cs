using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.ML.Tokenizers;

namespace GenAi.MLNet.Text;

/// <summary>
/// Learns a WordPiece vocabulary (Schuster and Nakajima 2012; Wu et al. 2016; the tokenizer of BERT, Devlin
/// et al. 2019) for Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/>, which cannot train one itself. Words
/// are cut exactly as that tokenizer cuts them (its own normaliser and pre-tokenizer); each word starts as its
/// first character followed by "##"-marked continuation characters, and pairs are merged by
/// <see cref="WordPieceTrainerOptions.Score"/>: the most frequent pair, or the one with the highest
/// count(ab) / (count(a) count(b)).
/// </summary>
public static class WordPieceTrainer
{
    private const string Continuation = "##";

    /// <summary>The vocabulary learned from <paramref name="texts"/>.</summary>
    /// <exception cref="ArgumentException">No words in the texts, or an option is wrong (named).</exception>
    public static WordPieceVocabulary Train(IEnumerable<string> texts, WordPieceTrainerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        options ??= new WordPieceTrainerOptions();
        options.Validate();

        var cutter = WordPieceVocabulary.CreateTokenizer(WordPieceTrainerOptions.BertSpecialTokens, options.LowerCase);
        var (order, counts) = PairMerging.CountWords(texts.Where(t => t is not null).SelectMany(t => Words(cutter, t)));

        if (order.Count == 0)
        {
            throw new ArgumentException("The texts hold no words to learn a vocabulary from.", nameof(texts));
        }

        // The alphabet: characters seen often enough, alone (first in a word) and as continuations.
        var characterCounts = new Dictionary<char, long>();
        foreach (var word in order)
        {
            foreach (var c in word)
            {
                characterCounts[c] = characterCounts.GetValueOrDefault(c) + counts[word];
            }
        }

        var kept = characterCounts.Where(p => p.Value >= options.MinimumCharacterCount).Select(p => p.Key).ToHashSet();
        var words = order.Where(w => w.All(kept.Contains))
            .Select(w => (Symbols: (IReadOnlyList<string>)w.Select((c, i) => i == 0 ? c.ToString() : Continuation + c).ToArray(), Count: counts[w]))
            .ToList();
        var alphabet = words.SelectMany(w => w.Symbols).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var specials = WordPieceTrainerOptions.BertSpecialTokens;
        var maxMerges = options.VocabularySize - specials.Count - alphabet.Count;
        if (maxMerges < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.VocabularySize,
                $"{nameof(WordPieceTrainerOptions.VocabularySize)} {options.VocabularySize} is below the {specials.Count + alphabet.Count} tokens of the special tokens and the alphabet; " +
                $"raise it, or raise {nameof(WordPieceTrainerOptions.MinimumCharacterCount)} to leave rare characters out.");
        }

        var merges = PairMerging.Learn(words, maxMerges, options.MinimumPairCount, options.Score == WordPieceScore.Likelihood ? PairMerging.Score.Likelihood : PairMerging.Score.Count,
            (left, right) => left + right[Continuation.Length..], cancellationToken);
        var tokens = new List<string>(specials);
        var seen = new HashSet<string>(specials, StringComparer.Ordinal);
        foreach (var token in alphabet.Concat(merges.Select(m => m.Left + m.Right[Continuation.Length..])))
        {
            if (seen.Add(token))
            {
                tokens.Add(token);
            }
        }

        return new WordPieceVocabulary(tokens, options.LowerCase);
    }

    /// <summary>The words <paramref name="tokenizer"/> cuts <paramref name="text"/> into, after its normaliser.</summary>
    internal static IEnumerable<string> Words(Tokenizer tokenizer, string text)
    {
        var normalized = tokenizer.Normalizer?.Normalize(text) ?? text;
        if (tokenizer.PreTokenizer is null)
        {
            yield return normalized;
            yield break;
        }

        foreach (var (offset, length) in tokenizer.PreTokenizer.PreTokenize(normalized))
        {
            yield return normalized.Substring(offset, length);
        }
    }
}
