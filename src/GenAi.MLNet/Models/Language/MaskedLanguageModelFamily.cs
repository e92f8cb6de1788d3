using GenAi.MLNet.Core;
using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Text;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>The masked language model's vocabulary layout, masking, loss and pseudo-likelihood.</summary>
internal static class MaskedLanguageModelFamily
{
    /// <summary>The [MASK] id: the WordPiece tokenizer's own, else one id past the tokenizer's vocabulary.</summary>
    public static long MaskId(TextTokenizer tokenizer) => tokenizer is WordPieceTextTokenizer w ? w.MaskId : tokenizer.VocabularySize;

    /// <summary>The network's vocabulary: the tokenizer's, plus [MASK] when it has none.</summary>
    public static int NetworkVocabulary(TextTokenizer tokenizer) => tokenizer is WordPieceTextTokenizer ? tokenizer.VocabularySize : tokenizer.VocabularySize + 1;

    /// <summary>Ids a random replacement draws from, [low, high): the tokenizer's ordinary tokens.</summary>
    public static (long Low, long High) RandomRange(TextTokenizer tokenizer) => tokenizer switch
    {
        WordPieceTextTokenizer => (WordPieceTrainerOptions.BertSpecialTokens.Count, tokenizer.VocabularySize),
        CharacterTokenizer => (1, Math.Max(2, tokenizer.VocabularySize)),
        _ => (0, tokenizer.VocabularySize),
    };

    public static MaskedLanguageNetwork CreateNetwork(LanguageModelOptions options, TextTokenizer tokenizer)
        => new(new GptConfig(NetworkVocabulary(tokenizer), options.ContextLength, options.Layers, options.Heads, options.EmbeddingSize, options.Dropout));

    /// <summary>
    /// BERT's objective on a batch of windows: choose each real token with probability p (at least one per batch),
    /// replace the chosen ones by [MASK] (80 %), a random token (10 %) or themselves (10 %), and return the mean
    /// cross-entropy of predicting the chosen tokens.
    /// </summary>
    public static Tensor Loss(MaskedLanguageNetwork network, IReadOnlyList<long[]> windows, MaskedLanguageModelOptions options, TextTokenizer tokenizer, Generator generator, Device device)
    {
        var (tokens, valid) = Collate(windows, MaskId(tokenizer), device);                               // (B, T), (B, T)
        var chosen = rand(tokens.shape, generator: generator).to(device).LessThan(options.MaskProbability).logical_and(valid); // (B, T)
        if (!chosen.any().item<bool>())
        {
            chosen[0, 0] = true;
        }

        var action = rand(tokens.shape, generator: generator).to(device);                                // (B, T)
        var (low, high) = RandomRange(tokenizer);
        var randomTokens = randint(low, high, tokens.shape, generator: generator).to(device);             // (B, T)
        var masked = chosen.logical_and(action.LessThan(options.MaskReplaceFraction));
        var replaced = chosen.logical_and(action.AtLeast(options.MaskReplaceFraction)).logical_and(action.LessThan(options.MaskReplaceFraction + options.RandomReplaceFraction));
        var inputs = tokens.MaskedFill(masked, MaskId(tokenizer));
        inputs = where(replaced, randomTokens, inputs);
        var targets = tokens.MaskedFill(chosen.logical_not(), LanguageModelFamily.Ignore);               // (B, T)
        var logits = network.Logits(inputs, valid);                                                      // (B, T, V)
        return nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), targets.view(-1), ignore_index: LanguageModelFamily.Ignore);
    }

    /// <summary>Windows as a padded batch <c>(B, T)</c> and the mask of real tokens <c>(B, T)</c>.</summary>
    public static (Tensor Tokens, Tensor Valid) Collate(IReadOnlyList<long[]> windows, long padId, Device device)
    {
        var t = windows.Max(w => w.Length);
        var ids = new long[windows.Count * t];
        var valid = new bool[windows.Count * t];
        Array.Fill(ids, padId);
        for (var b = 0; b < windows.Count; b++)
        {
            Array.Copy(windows[b], 0, ids, b * t, windows[b].Length);
            Array.Fill(valid, true, b * t, windows[b].Length);
        }

        return (tensor(ids, [windows.Count, t], device: device), tensor(valid, [windows.Count, t], device: device));
    }

    /// <summary>The training windows: the joined token stream (or, unpacked, each text on its own) cut into windows of <c>context</c> tokens.</summary>
    public static long[][] Windows(TextTokenizer tokenizer, IEnumerable<string> texts, int context, bool pack = true)
        => LanguageModelFamily.Windows(tokenizer, texts, context - 1, pack);

    /// <summary>
    /// The pseudo-log-likelihood of each sequence (at most the context long): every token masked in turn,
    /// all copies of all sequences in batches of <paramref name="maxRows"/>; log p summed per sequence.
    /// </summary>
    public static double[] PseudoLogLikelihood(MaskedLanguageNetwork network, IReadOnlyList<long[]> sequences, long maskId, Device device, int maxRows = 256)
    {
        var copies = new List<(int Sequence, int Position)>();
        for (var s = 0; s < sequences.Count; s++)
        {
            for (var i = 0; i < sequences[s].Length; i++)
            {
                copies.Add((s, i));
            }
        }

        var result = new double[sequences.Count];
        for (var start = 0; start < copies.Count; start += maxRows)
        {
            using var scope = NewDisposeScope();
            var part = copies.GetRange(start, Math.Min(maxRows, copies.Count - start));
            var rows = part.Select(c =>
            {
                var row = (long[])sequences[c.Sequence].Clone();
                row[c.Position] = maskId;
                return row;
            }).ToArray();
            var (tokens, valid) = Collate(rows, maskId, device);
            var logProbabilities = network.Logits(tokens, valid).log_softmax(-1);                       // (N, T, V)
            var positions = tensor(part.Select(c => (long)c.Position).ToArray(), device: device);         // (N)
            var truth = tensor(part.Select(c => sequences[c.Sequence][c.Position]).ToArray(), device: device); // (N)
            var v = logProbabilities.shape[2];
            var atPosition = logProbabilities.gather(1, positions.view(-1, 1, 1).expand(-1, 1, v)).squeeze(1);   // (N, V)
            var picked = atPosition.gather(1, truth.view(-1, 1)).squeeze(1).to_type(ScalarType.Float64).data<double>().ToArray(); // (N)
            for (var i = 0; i < part.Count; i++)
            {
                result[part[i].Sequence] += picked[i];
            }
        }

        return result;
    }
}
