using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace GenAi.MLNet.Text;

/// <summary>
/// A learned WordPiece vocabulary: BERT's five special tokens (ids 0-4: [PAD], [UNK], [CLS], [SEP], [MASK]),
/// the characters, then the merged pieces. <see cref="CreateTokenizer()"/> gives Microsoft.ML.Tokenizers'
/// <see cref="BertTokenizer"/> for it; a word with a character outside the vocabulary becomes [UNK].
/// </summary>
public sealed class WordPieceVocabulary
{
    private const string Format = "genai-mlnet-wordpiece/1";

    internal WordPieceVocabulary(IReadOnlyList<string> tokens, bool lowerCase)
    {
        Tokens = tokens;
        LowerCase = lowerCase;
    }

    /// <summary>Every token in id order ("##" marks a piece that continues a word).</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Whether text is lower-cased before it is cut into words.</summary>
    public bool LowerCase { get; }

    /// <summary>The number of tokens.</summary>
    public int Count => Tokens.Count;

    /// <summary>The id of [UNK].</summary>
    public const int UnknownId = 1;

    /// <summary>The <see cref="BertTokenizer"/> of this vocabulary (BERT's basic tokenization, then greedy longest-match WordPiece).</summary>
    public BertTokenizer CreateTokenizer() => CreateTokenizer(Tokens, LowerCase);

    /// <summary>Writes the vocabulary as JSON (its tokens and casing).</summary>
    public void Save(Stream stream) => VocabularyJson.Write(stream, Format, writer =>
    {
        writer.WriteBoolean("lowercase", LowerCase);
        VocabularyJson.WriteStrings(writer, "tokens", Tokens);
    });

    /// <summary>Reads a vocabulary written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not such a vocabulary.</exception>
    public static WordPieceVocabulary Load(Stream stream) => VocabularyJson.Read(stream, Format, "WordPiece", root =>
    {
        var tokens = root.GetProperty("tokens").EnumerateArray()
            .Select(t => t.GetString() ?? throw new InvalidDataException("A token is null.")).ToList();
        var specials = WordPieceTrainerOptions.BertSpecialTokens;
        if (!tokens.Take(specials.Count).SequenceEqual(specials) || tokens.Any(t => t.Length == 0 || t.Contains('\n', StringComparison.Ordinal))
            || tokens.Distinct(StringComparer.Ordinal).Count() != tokens.Count)
        {
            throw new InvalidDataException($"A WordPiece vocabulary starts with {string.Join(", ", specials)} and lists distinct one-line tokens.");
        }

        return new WordPieceVocabulary(tokens, root.GetProperty("lowercase").GetBoolean());
    });

    internal static BertTokenizer CreateTokenizer(IReadOnlyList<string> tokens, bool lowerCase)
    {
        // BertTokenizer reads BERT's vocab.txt format: one token per line, the line number is the id.
        using var vocabulary = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', tokens) + "\n"));
        return BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = lowerCase });
    }
}
