using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Text;

/// <summary>Options of <see cref="WordPieceTrainer"/>.</summary>
public sealed class WordPieceTrainerOptions
{
    /// <summary>The special tokens BERT's tokenizer needs, in the ids they get (0-4).</summary>
    public static readonly IReadOnlyList<string> BertSpecialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    /// <summary>
    /// Tokens in the finished vocabulary: the special tokens, every character (alone and as a "##"
    /// continuation), then one token per merge. Default 1,000 (BERT-base uses 30,522).
    /// </summary>
    public int VocabularySize { get; set; } = 1000;

    /// <summary>Learning stops early when no pair occurs this often. Default 2.</summary>
    public int MinimumPairCount { get; set; } = 2;

    /// <summary>
    /// Characters seen fewer times than this are left out of the vocabulary: words holding one become
    /// [UNK], as in BERT. Default 1 (every character seen is kept).
    /// </summary>
    public int MinimumCharacterCount { get; set; } = 1;

    /// <summary>
    /// How the next merge is chosen. Default <see cref="WordPieceScore.Frequency"/>, as Hugging Face's
    /// WordPiece trainer does: trained on five Austen novels, it cuts the sixth into 3.96 characters per token at 4,000 tokens, where
    /// <see cref="WordPieceScore.Likelihood"/> gives 1.6 (it spends the vocabulary on rare words).
    /// </summary>
    public WordPieceScore Score { get; set; } = WordPieceScore.Frequency;

    /// <summary>Lower-case text before cutting it into words (BERT "uncased"). Default true.</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the option that is wrong.</summary>
    public void Validate()
    {
        if (VocabularySize <= BertSpecialTokens.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(VocabularySize), VocabularySize,
                $"{nameof(VocabularySize)} must exceed the {BertSpecialTokens.Count} special tokens ({string.Join(", ", BertSpecialTokens)}).");
        }

        if (MinimumPairCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumPairCount), MinimumPairCount, $"{nameof(MinimumPairCount)} must be at least 1.");
        }

        if (!Enum.IsDefined(Score))
        {
            throw new ArgumentOutOfRangeException(nameof(Score), Score, $"{nameof(Score)} must be {nameof(WordPieceScore.Frequency)} or {nameof(WordPieceScore.Likelihood)}.");
        }

        if (MinimumCharacterCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumCharacterCount), MinimumCharacterCount, $"{nameof(MinimumCharacterCount)} must be at least 1.");
        }
    }
}
