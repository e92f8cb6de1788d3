using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace GenAi.MLNet.Text;

/// <summary>
/// A learned byte-level BPE vocabulary: ids 0-255 are the bytes (in GPT-2's printable spelling), then one
/// token per merge in the order learned, then the special tokens. <see cref="CreateTokenizer"/> gives the
/// Microsoft.ML.Tokenizers tokenizer that applies it; <see cref="Save"/>/<see cref="Load"/> keep it as JSON.
/// </summary>
public sealed class BpeVocabulary
{
    private const string Format = "genai-mlnet-bpe/1";

    private BpeVocabulary(IReadOnlyList<(string Left, string Right)> merges, IReadOnlyList<string> specialTokens)
    {
        Merges = merges;
        SpecialTokens = specialTokens;
        Tokens = [.. ByteLevel.ByteToChar.Select(c => c.ToString()), .. merges.Select(m => m.Left + m.Right), .. specialTokens];
    }

    /// <summary>Every token in id order.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>The merges in the order they were learned (and are applied).</summary>
    public IReadOnlyList<(string Left, string Right)> Merges { get; }

    /// <summary>The special tokens (the last ids).</summary>
    public IReadOnlyList<string> SpecialTokens { get; }

    /// <summary>The number of tokens.</summary>
    public int Count => Tokens.Count;

    /// <summary>
    /// A Microsoft.ML.Tokenizers <see cref="BpeTokenizer"/> for this vocabulary: GPT-2's pre-tokenizer, byte
    /// level (every text encodes, and decodes back exactly), special tokens kept whole.
    /// </summary>
    public BpeTokenizer CreateTokenizer()
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < Tokens.Count; id++)
        {
            // A merge can rebuild a token learned earlier by another route; the first id is the one BPE uses.
            vocabulary.TryAdd(Tokens[id], id);
        }

        var specials = SpecialTokens.ToDictionary(s => s, s => vocabulary[s], StringComparer.Ordinal);
        return BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = Merges.Select(m => m.Left + " " + m.Right),
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(ByteLevel.Gpt2Regex, specials),
            SpecialTokens = specials,
        });
    }

    /// <summary>Writes the vocabulary as JSON (its merges and special tokens; the tokens follow from them).</summary>
    public void Save(Stream stream) => VocabularyJson.Write(stream, Format, writer =>
    {
        writer.WriteStartArray("merges");
        foreach (var (left, right) in Merges)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(left);
            writer.WriteStringValue(right);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        VocabularyJson.WriteStrings(writer, "special", SpecialTokens);
    });

    /// <summary>Reads a vocabulary written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not such a vocabulary, or a merge uses a token not made before it.</exception>
    public static BpeVocabulary Load(Stream stream) => VocabularyJson.Read(stream, Format, "BPE", root =>
    {
        var merges = root.GetProperty("merges").EnumerateArray()
            .Select(m => (m[0].GetString() ?? throw new InvalidDataException("A merge has a null part."),
                          m[1].GetString() ?? throw new InvalidDataException("A merge has a null part.")))
            .ToList();
        var specials = root.GetProperty("special").EnumerateArray()
            .Select(s => s.GetString() ?? throw new InvalidDataException("A special token is null.")).ToList();
        return FromMerges(merges, specials);
    });

    /// <summary>The vocabulary of <paramref name="merges"/> on the 256 bytes plus <paramref name="specialTokens"/>, checked.</summary>
    internal static BpeVocabulary FromMerges(IReadOnlyList<(string Left, string Right)> merges, IReadOnlyList<string> specialTokens)
    {
        var known = new HashSet<string>(ByteLevel.ByteToChar.Select(c => c.ToString()), StringComparer.Ordinal);
        for (var i = 0; i < merges.Count; i++)
        {
            var (left, right) = merges[i];
            if (!known.Contains(left) || !known.Contains(right))
            {
                throw new InvalidDataException($"Merge {i} ('{left}' + '{right}') uses a token that no earlier merge made.");
            }

            known.Add(left + right);
        }

        if (specialTokens.Any(s => string.IsNullOrEmpty(s) || known.Contains(s)) || specialTokens.Distinct(StringComparer.Ordinal).Count() != specialTokens.Count)
        {
            throw new InvalidDataException("The special tokens must be distinct, non-empty and not byte-level tokens.");
        }

        return new BpeVocabulary(merges, specialTokens);
    }
}
