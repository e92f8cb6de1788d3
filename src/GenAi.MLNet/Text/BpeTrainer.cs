using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace GenAi.MLNet.Text;

/// <summary>
/// Learns a byte-level byte-pair encoding from a corpus (Sennrich, Haddow and Birch, "Neural Machine
/// Translation of Rare Words with Subword Units", ACL 2016, as GPT-2 applies it to bytes): start from the 256
/// bytes, then repeatedly merge the most frequent adjacent pair of symbols inside words into a new symbol.
/// The result gives a Microsoft.ML.Tokenizers <c>BpeTokenizer</c> (<see cref="BpeVocabulary.CreateTokenizer"/>),
/// which Microsoft.ML.Tokenizers cannot train itself.
/// </summary>
public static class BpeTrainer
{
    /// <summary>
    /// The vocabulary learned from <paramref name="texts"/>: words are cut by GPT-2's pre-tokenizer (merges
    /// never cross a word boundary), special tokens are taken out before counting.
    /// </summary>
    /// <exception cref="ArgumentException">No text, or an option is wrong (named).</exception>
    public static BpeVocabulary Train(IEnumerable<string> texts, BpeTrainerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        options ??= new BpeTrainerOptions();
        options.Validate();

        // Word types in order of first appearance, with their counts; special tokens are cut out first.
        var specials = options.SpecialTokens.ToArray();
        var (order, counts) = PairMerging.CountWords(
            from text in texts
            where text is not null
            from piece in specials.Length == 0 ? [text] : text.Split(specials, StringSplitOptions.None)
            from word in ByteLevel.Words(piece)
            select ByteLevel.Encode(word));

        if (order.Count == 0)
        {
            throw new ArgumentException("The texts hold no words to learn a vocabulary from.", nameof(texts));
        }
        var words = order.Select(w => (Symbols: (IReadOnlyList<string>)w.Select(c => c.ToString()).ToArray(), Count: counts[w])).ToList();
        var maxMerges = options.VocabularySize - ByteLevel.ByteToChar.Length - specials.Length;
        var merges = PairMerging.Learn(words, maxMerges, options.MinimumPairCount, PairMerging.Score.Count, (a, b) => a + b, cancellationToken);
        return BpeVocabulary.FromMerges(merges, specials);
    }
}
