using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Text;

/// <summary>Options of <see cref="BpeTrainer"/>.</summary>
public sealed class BpeTrainerOptions
{
    /// <summary>
    /// Tokens in the finished vocabulary: the 256 bytes, one per learned merge, and the special tokens.
    /// Default 1,000 (GPT-2 uses 50,257 on 40 GB of text; a few thousand suit a few megabytes).
    /// </summary>
    public int VocabularySize { get; set; } = 1000;

    /// <summary>Learning stops early when the most frequent pair occurs fewer times than this. Default 2.</summary>
    public int MinimumPairCount { get; set; } = 2;

    /// <summary>
    /// Tokens kept whole and never merged (they get the last ids). Default <c>["&lt;|endoftext|&gt;"]</c>, GPT-2's
    /// document separator.
    /// </summary>
    public IReadOnlyList<string> SpecialTokens { get; set; } = ["<|endoftext|>"];

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentException"/> naming the option that is wrong.</summary>
    public void Validate()
    {
        var specials = SpecialTokens ?? throw new ArgumentException($"{nameof(SpecialTokens)} is null; use an empty list for none.", nameof(SpecialTokens));
        if (specials.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"{nameof(SpecialTokens)} contains an empty token.", nameof(SpecialTokens));
        }

        if (specials.Distinct(StringComparer.Ordinal).Count() != specials.Count)
        {
            throw new ArgumentException($"{nameof(SpecialTokens)} lists a token twice.", nameof(SpecialTokens));
        }

        var least = ByteLevel.ByteToChar.Length + specials.Count;
        if (VocabularySize < least)
        {
            throw new ArgumentOutOfRangeException(nameof(VocabularySize), VocabularySize,
                $"{nameof(VocabularySize)} must be at least {least}: the 256 bytes and {specials.Count} special token(s), before any merge.");
        }

        if (MinimumPairCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumPairCount), MinimumPairCount, $"{nameof(MinimumPairCount)} must be at least 1.");
        }
    }
}
