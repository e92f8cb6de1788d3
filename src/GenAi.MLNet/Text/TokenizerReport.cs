using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Text;

/// <summary>
/// How a tokenizer cuts one text: its vocabulary size, characters per token (the compression that sets how
/// much text fits a model's context) and the share of tokens that are the unknown token (text it cannot
/// represent; 0 for byte-level tokenizers).
/// </summary>
/// <param name="Name">The tokenizer's label.</param>
/// <param name="VocabularySize">Tokens in its vocabulary.</param>
/// <param name="Characters">Characters (UTF-16) of the text.</param>
/// <param name="Tokens">Tokens the text became.</param>
/// <param name="UnknownTokens">Of those, unknown tokens.</param>
public sealed record TokenizerReport(string Name, int VocabularySize, long Characters, long Tokens, long UnknownTokens)
{
    /// <summary>Characters per token.</summary>
    public double CharactersPerToken => Tokens == 0 ? 0 : Characters / (double)Tokens;

    /// <summary>The share of tokens that are the unknown token.</summary>
    public double UnknownRate => Tokens == 0 ? 0 : UnknownTokens / (double)Tokens;

    /// <summary>The report of <paramref name="ids"/>, the tokens of <paramref name="text"/>.</summary>
    /// <param name="name">The tokenizer's label.</param>
    /// <param name="vocabularySize">Tokens in its vocabulary.</param>
    /// <param name="text">The text that was encoded.</param>
    /// <param name="ids">Its token ids.</param>
    /// <param name="unknownId">The unknown token's id, or null if the tokenizer has none.</param>
    public static TokenizerReport Measure(string name, int vocabularySize, string text, IEnumerable<long> ids, long? unknownId = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ids);
        long tokens = 0, unknown = 0;
        foreach (var id in ids)
        {
            tokens++;
            if (id == unknownId)
            {
                unknown++;
            }
        }

        return new TokenizerReport(name, vocabularySize, text.Length, tokens, unknown);
    }
}
