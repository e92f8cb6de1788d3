using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Data;
using GenAi.MLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>What the causal language model's estimator and transformer share: tokenizer, network, windows, loss.</summary>
internal static class LanguageModelFamily
{
    /// <summary>Targets at padded positions carry this value and are not scored.</summary>
    public const long Ignore = -100;

    /// <summary>The tokenizer the options ask for, trained on <paramref name="texts"/> where it learns.</summary>
    /// <exception cref="InvalidOperationException">No rows, or no words to learn a vocabulary from (the message names the column).</exception>
    public static TextTokenizer CreateTokenizer(LanguageModelOptions options, IReadOnlyList<string> texts)
        => CreateTokenizer(options.Tokenizer, options.TokenizerVocabularySize, options.TextColumnName, texts, options.CancellationToken);

    /// <summary>A tokenizer of <paramref name="kind"/>, trained on <paramref name="texts"/> (column <paramref name="column"/>) where it learns.</summary>
    /// <exception cref="InvalidOperationException">No rows, or no words to learn a vocabulary from (the message names the column).</exception>
    public static TextTokenizer CreateTokenizer(TokenizerKind kind, int vocabularySize, string column, IReadOnlyList<string> texts, System.Threading.CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            throw new InvalidOperationException($"The input data has no rows (column '{column}').");
        }

        try
        {
            return kind switch
            {
                TokenizerKind.BytePair => TextTokenizer.FromBpe(BpeTrainer.Train(texts, new BpeTrainerOptions { VocabularySize = vocabularySize }, cancellationToken)),
                TokenizerKind.WordPiece => TextTokenizer.FromWordPiece(WordPieceTrainer.Train(texts, new WordPieceTrainerOptions { VocabularySize = vocabularySize }, cancellationToken)),
                TokenizerKind.Gpt2 => TextTokenizer.Gpt2(),
                _ => TextTokenizer.Characters(texts),
            };
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Column '{column}': the {kind} tokenizer cannot be trained on its {texts.Count} rows: {e.Message}", e);
        }
    }

    /// <summary>Checks the text column and describes it with a tokenizer fitted to its rows.</summary>
    public static ModelInputs DescribeText(LanguageModelOptions options, IDataView data)
    {
        new TextInput(options.TextColumnName).Check(data.Schema);
        var tokenizer = CreateTokenizer(options, Texts(data, options.TextColumnName));
        return new ModelInputs([new TokenizedTextInput(options.TextColumnName, tokenizer)]);
    }

    /// <summary>The rows training reads: <paramref name="windows"/> of the view's texts, as a token column named like the text column.</summary>
    public static (IDataView Data, ModelInputs Inputs) WindowRows(LanguageModelOptions options, ModelInputs inputs, IDataView data, Func<TextTokenizer, string[], long[][]> windows)
    {
        var tokenizer = ((TokenizedTextInput)inputs[0]).Tokenizer;
        var view = new InMemoryDataView.Builder().AddTokens(options.TextColumnName, windows(tokenizer, Texts(data, options.TextColumnName))).Build();
        return (view, new ModelInputs([new TokenInput(options.TextColumnName, tokenizer.VocabularySize)]));
    }

    /// <summary>Two text columns' values, read together in one pass (so they pair up even if the view is not repeatable).</summary>
    public static (string[] First, string[] Second) Texts(IDataView data, string first, string second)
    {
        var (a, b) = (new List<string>(), new List<string>());
        using var cursor = data.GetRowCursor([data.Schema[first], data.Schema[second]]);
        var getFirst = cursor.GetGetter<ReadOnlyMemory<char>>(data.Schema[first]);
        var getSecond = cursor.GetGetter<ReadOnlyMemory<char>>(data.Schema[second]);
        ReadOnlyMemory<char> value = default;
        while (cursor.MoveNext())
        {
            getFirst(ref value);
            a.Add(value.ToString());
            getSecond(ref value);
            b.Add(value.ToString());
        }

        return (a.ToArray(), b.ToArray());
    }

    /// <summary>A text column's values.</summary>
    public static string[] Texts(IDataView data, string column)
        => data.GetColumn<ReadOnlyMemory<char>>(column).Select(t => t.ToString()).ToArray();

    /// <summary>The network of the options' architecture for a vocabulary.</summary>
    public static CausalLanguageNetwork CreateNetwork(CausalLanguageModelOptions options, int vocabularySize) => options.Architecture switch
    {
        LanguageModelArchitecture.Lstm => new LstmLanguageNetwork(new LstmConfig(vocabularySize, options.ContextLength, options.Layers, options.EmbeddingSize, options.LstmHiddenSize, options.Dropout, options.TieEmbeddings)),
        _ => new Gpt(new GptConfig(vocabularySize, options.ContextLength, options.Layers, options.Heads, options.EmbeddingSize, options.Dropout)),
    };

    /// <summary>The windows of <see cref="Windows(TextTokenizer, IEnumerable{string}, int)"/>; unpacked (<paramref name="pack"/> false), every text is cut on its own.</summary>
    public static long[][] Windows(TextTokenizer tokenizer, IEnumerable<string> texts, int context, bool pack)
        => pack ? Windows(tokenizer, texts, context) : texts.SelectMany(t => Windows(tokenizer, [t], context)).ToArray();

    /// <summary>
    /// The training windows of a set of texts: every text's tokens, each text preceded by the boundary token,
    /// joined into one stream and cut into windows of <c>context + 1</c> tokens that overlap by one (the
    /// first <c>context</c> tokens are the input, the last <c>context</c> the targets), the last one shorter.
    /// </summary>
    public static long[][] Windows(TextTokenizer tokenizer, IEnumerable<string> texts, int context)
    {
        var stream = new List<long>();
        foreach (var text in texts)
        {
            stream.Add(tokenizer.BoundaryId);
            stream.AddRange(tokenizer.Encode(text));
        }

        return Cuts(stream.Count, context).Select(c => stream.GetRange(c.Start, c.Length).ToArray()).ToArray();
    }

    /// <summary>Where windows of <c>context + 1</c> tokens that overlap by one cut a sequence of <paramref name="count"/> tokens (the last one shorter).</summary>
    private static IEnumerable<(int Start, int Length)> Cuts(int count, int context)
    {
        for (var start = 0; start + 1 < count; start += context)
        {
            yield return (start, Math.Min(context + 1, count - start));
        }
    }

    /// <summary>
    /// The tokens of prompt → text rows, each row on its own: the boundary token, the prompt's tokens, the text's
    /// tokens; and for each token whether it is scored (1: a text token, 0: the boundary or a prompt token).
    /// </summary>
    public static (long[] Tokens, long[] Scored)[] PromptSequences(TextTokenizer tokenizer, IReadOnlyList<string> prompts, IReadOnlyList<string> texts)
        => prompts.Zip(texts, (prompt, text) =>
        {
            long[] head = [tokenizer.BoundaryId, .. tokenizer.Encode(prompt)];
            var body = tokenizer.Encode(text);
            var scored = new long[head.Length + body.Length];
            Array.Fill(scored, 1L, head.Length, body.Length);
            return ((long[])[.. head, .. body], scored);
        }).ToArray();

    /// <summary>
    /// Sequences cut into windows of <c>context + 1</c> tokens that overlap by one, as <see cref="Windows(TextTokenizer, IEnumerable{string}, int)"/>
    /// cuts a text, each sequence on its own; the scored flags cut alike.
    /// </summary>
    public static (long[][] Windows, long[][] Scored) CutSequences(IEnumerable<(long[] Tokens, long[] Scored)> sequences, int context)
    {
        var (windows, scored) = (new List<long[]>(), new List<long[]>());
        foreach (var (tokens, flags) in sequences)
        {
            foreach (var (start, length) in Cuts(tokens.Length, context))
            {
                windows.Add(tokens[start..(start + length)]);
                scored.Add(flags[start..(start + length)]);
            }
        }

        return (windows.ToArray(), scored.ToArray());
    }

    /// <summary>Inputs <c>(B, T)</c> and targets <c>(B, T)</c> of windows (each its inputs then one more token), padded with <see cref="Ignore"/> targets.</summary>
    /// <param name="windows">The windows.</param>
    /// <param name="padId">The input token at padded positions.</param>
    /// <param name="device">Where the tensors go.</param>
    /// <param name="scored">Optional, per window and token: 0 where the token is not a target to score (its target becomes <see cref="Ignore"/>).</param>
    public static (Tensor Inputs, Tensor Targets) Collate(IReadOnlyList<long[]> windows, long padId, Device device, IReadOnlyList<long[]>? scored = null)
    {
        var t = windows.Max(w => w.Length) - 1;
        var inputs = new long[windows.Count * t];
        var targets = new long[windows.Count * t];
        Array.Fill(inputs, padId);
        Array.Fill(targets, Ignore);
        for (var b = 0; b < windows.Count; b++)
        {
            var w = windows[b];
            Array.Copy(w, 0, inputs, b * t, w.Length - 1);
            Array.Copy(w, 1, targets, b * t, w.Length - 1);
            if (scored is not null)
            {
                for (var i = 1; i < w.Length; i++)
                {
                    if (scored[b][i] == 0)
                    {
                        targets[(b * t) + i - 1] = Ignore;
                    }
                }
            }
        }

        return (tensor(inputs, [windows.Count, t], device: device), tensor(targets, [windows.Count, t], device: device));
    }

    /// <summary>Each target's negative log-likelihood <c>(B, T)</c> (0 where the target is <see cref="Ignore"/>).</summary>
    public static Tensor TokenNll(CausalLanguageNetwork network, Tensor inputs, Tensor targets)
    {
        var logits = network.call(inputs);                                                           // (B, T, V)
        var v = logits.shape[2];
        return nn.functional.cross_entropy(logits.view(-1, v), targets.view(-1), ignore_index: Ignore, reduction: nn.Reduction.None)
            .view(targets.shape);                                                                    // (B, T)
    }

    /// <summary>The mean negative log-likelihood per scored target token of a batch of windows.</summary>
    public static Tensor Loss(CausalLanguageNetwork network, IReadOnlyList<long[]> windows, long padId, Device device, IReadOnlyList<long[]>? scored = null)
    {
        var (inputs, targets) = Collate(windows, padId, device, scored);
        var logits = network.call(inputs);                                                           // (B, T, V)
        return nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), targets.view(-1), ignore_index: Ignore);
    }
}
