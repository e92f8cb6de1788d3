using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Models;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(CausalLanguageModelTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet causal language model", CausalLanguageModelTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// A fitted causal language model. <see cref="GenerativeTransformer{TOptions, TNetwork}.Transform"/> scores
/// each row's text; <see cref="Generate(string, TextGenerationOptions?)"/> continues a prompt and
/// <see cref="Generate(IDataView, string, string, TextGenerationOptions?)"/> a column of prompts.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>TextColumnName</c></term><description>text</description></item>
/// <item><term><c>LogLikelihoodColumnName</c></term><description>Single: log p(text) in nats, the sum over its tokens, each predicted from the boundary token and the tokens before it</description></item>
/// <item><term><c>PerplexityColumnName</c></term><description>Single: exp(mean negative log-likelihood per token); NaN for empty text</description></item>
/// <item><term><c>BitsPerCharacterColumnName</c></term><description>Single: −log2 p(text) / characters, comparable across tokenizers; NaN for empty text</description></item>
/// </list>
/// Text longer than the context is scored in consecutive chunks of <c>ContextLength</c> tokens, each chunk
/// from its own start (as in training).
/// </remarks>
public sealed class CausalLanguageModelTransformer : GenerativeTransformer<CausalLanguageModelOptions, CausalLanguageNetwork>
{
    internal const string LoaderSignature = "GenAiCausalLm";
    private const string ModelSignature = "GENAICLM";
    private const int ChunksPerForward = 32;

    internal CausalLanguageModelTransformer(IHostEnvironment env, ModelParts<CausalLanguageModelOptions, CausalLanguageNetwork> parts)
        : base(env, parts)
    {
    }

    /// <summary>The tokenizer fitted with the model (saved in its .zip).</summary>
    public TextTokenizer Tokenizer => ((TokenizedTextInput)Inputs[0]).Tokenizer;

    /// <summary>The trained network (a GPT or an LSTM): token ids <c>(B, T)</c> to logits <c>(B, T, V)</c>.</summary>
    public CausalLanguageNetwork Network => Module;

    /// <summary>The text column the model scores.</summary>
    public string TextColumnName => TrainedOptions.TextColumnName;

    /// <summary>The input columns (for a model derived from this one).</summary>
    internal ModelInputs ModelInputs => Inputs;

    /// <summary>Trained parameters.</summary>
    public long ParameterCount => Module.parameters().Sum(p => p.numel());

    /// <summary>Continues <paramref name="prompt"/>: the generated text only, without the prompt.</summary>
    /// <exception cref="ArgumentException">An option is out of range (named).</exception>
    public string Generate(string prompt, TextGenerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        options ??= new TextGenerationOptions();
        options.Validate();
        return Run(() => Tokenizer.Decode(GenerateIds(prompt, options)));
    }

    /// <summary>
    /// A view of <paramref name="prompts"/> with a completion of each prompt appended (computed lazily, a block of
    /// rows at a time). A completion depends only on its prompt, the options and the seed.
    /// </summary>
    /// <param name="prompts">The rows.</param>
    /// <param name="promptColumnName">Input: the text column of prompts.</param>
    /// <param name="completionColumnName">Output: the text column of completions.</param>
    /// <param name="options">How to generate; default <see cref="TextGenerationOptions"/>.</param>
    public IDataView Generate(IDataView prompts, string promptColumnName = "Prompt", string completionColumnName = "Completion", TextGenerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentException.ThrowIfNullOrWhiteSpace(promptColumnName);
        ArgumentException.ThrowIfNullOrWhiteSpace(completionColumnName);
        options ??= new TextGenerationOptions();
        options.Validate();
        ThrowIfDisposed();
        var input = new TextInput(promptColumnName);
        input.Check(prompts.Schema);
        return BatchMapping.Transform(prompts, Guard(new GenerationMapper(this, input, completionColumnName, options)), batchSize: 16);
    }

    /// <summary>The <paramref name="k"/> most likely next tokens after <paramref name="prompt"/>, with their probabilities.</summary>
    public IReadOnlyList<(string Token, float Probability)> NextTokens(string prompt, int k = 10)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return Run(() =>
        {
            using var state = Module.StartDecoding();
            var probabilities = Module.Feed(Prompt(prompt), state).softmax(-1)[0];                // (V)
            var (values, indices) = probabilities.topk(Math.Min(k, Tokenizer.VocabularySize));
            var p = values.data<float>().ToArray();
            var ids = indices.data<long>().ToArray();
            return (IReadOnlyList<(string, float)>)ids.Select((id, i) => (Tokenizer.TokenText(id), p[i])).ToArray();
        });
    }

    /// <summary>
    /// Top-<paramref name="k"/> next-token accuracy: the share of the tokens of <paramref name="texts"/> that are
    /// among the model's <paramref name="k"/> most likely predictions from the tokens before them (each text read on
    /// its own, from its boundary token, in windows of the context length). The figure code completion is judged by.
    /// </summary>
    /// <exception cref="ArgumentException">The texts hold no token.</exception>
    public double NextTokenAccuracy(IEnumerable<string> texts, int k = 1)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var windows = texts.SelectMany(t => LanguageModelFamily.Windows(Tokenizer, [t ?? throw new ArgumentException("A text is null.", nameof(texts))], Module.ContextLength)).ToArray();
        var total = windows.Sum(w => (long)w.Length - 1);
        if (total == 0)
        {
            throw new ArgumentException("The texts hold no token to predict.", nameof(texts));
        }

        return Run(() =>
        {
            var hits = 0L;
            for (var start = 0; start < windows.Length; start += ChunksPerForward)
            {
                using var scope = NewDisposeScope();
                var (inputs, targets) = LanguageModelFamily.Collate(windows[start..Math.Min(windows.Length, start + ChunksPerForward)], 0, Device); // (B, T) each
                var top = Module.call(inputs).topk(Math.Min(k, Module.VocabularySize)).indexes;                                                      // (B, T, k)
                hits += top.eq(targets.unsqueeze(-1)).any(-1).sum().item<long>();                                                                     // padding targets are never a token id
            }

            return (double)hits / total;
        });
    }

    /// <summary>
    /// The attention weights of every layer and head of the transformer reading <paramref name="text"/> (after the
    /// boundary token, up to the context length). What attention shows is where information was read from, not why
    /// the model predicts what it does: treat the maps as a view, not an explanation.
    /// </summary>
    /// <exception cref="NotSupportedException">The model is an LSTM (it has no attention).</exception>
    /// <exception cref="ArgumentException">The text has more tokens than the context.</exception>
    public AttentionMaps Attention(string text)
    {
        var (tokens, _, attention) = Inspect(text, wantHidden: false);
        return new AttentionMaps(tokens, attention!);
    }

    /// <summary>
    /// The residual stream of the transformer reading <paramref name="text"/>: every token's vector before the first
    /// layer and after each layer — the contextual embeddings, and what probing classifiers read.
    /// </summary>
    /// <exception cref="NotSupportedException">The model is an LSTM.</exception>
    /// <exception cref="ArgumentException">The text has more tokens than the context.</exception>
    public HiddenStates Hidden(string text)
    {
        var (tokens, hidden, _) = Inspect(text, wantHidden: true);
        return new HiddenStates(tokens, hidden!);
    }

    private (string[] Tokens, float[][][]? Hidden, float[][][][]? Attention) Inspect(string text, bool wantHidden)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Module is not Gpt gpt)
        {
            throw new NotSupportedException($"Attention maps and hidden states need the transformer architecture; this model is {TrainedOptions.Architecture}.");
        }

        var ids = Prompt(text);
        if (ids.Length > gpt.ContextLength)
        {
            throw new ArgumentException($"The text has {ids.Length - 1} tokens; the model reads at most {gpt.ContextLength - 1} after its boundary token.", nameof(text));
        }

        var tokens = ids.Select((id, i) => i == 0 ? "⏎" : Tokenizer.TokenText(id)).ToArray();
        return Run<(string[], float[][][]?, float[][][][]?)>(() =>
        {
            using var idx = tensor(ids, [1, ids.Length], device: Device);
            var (residual, attention) = gpt.Inspect(idx);
            static float[][] Rows(Tensor m)
            {
                var (r, c) = ((int)m.shape[0], (int)m.shape[1]);
                var flat = m.cpu().data<float>().ToArray();
                return Enumerable.Range(0, r).Select(i => flat.AsSpan(i * c, c).ToArray()).ToArray();
            }

            return wantHidden
                ? (tokens, residual.Select(Rows).ToArray(), null)
                : (tokens, null, attention.Select(a => Enumerable.Range(0, (int)a.shape[0]).Select(h => Rows(a[h])).ToArray()).ToArray());
        });
    }

    /// <summary>
    /// How much the model uses distant context (Khandelwal et al. 2018): for each length k of
    /// <paramref name="contextLengths"/>, the mean loss in bits of the same tokens of <paramref name="texts"/> when the
    /// model sees only the k tokens before each. The loss falls as k grows for as long as the extra, more distant
    /// tokens still help.
    /// </summary>
    /// <param name="texts">Texts to score, each read as its own token stream (boundary first).</param>
    /// <param name="contextLengths">Context lengths to try, each from 1 to the model's context length.</param>
    /// <param name="maxPositions">At most this many predicted tokens, evenly spread over the texts (default 2,000).</param>
    /// <exception cref="ArgumentException">A length is out of range, or no text is longer than the largest length.</exception>
    public IReadOnlyList<double> LossByContextLength(IEnumerable<string> texts, IReadOnlyList<int> contextLengths, int maxPositions = 2000)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(contextLengths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPositions);
        if (contextLengths.Count == 0 || contextLengths.Any(k => k < 1 || k > Module.ContextLength))
        {
            throw new ArgumentException($"Context lengths must be between 1 and the model's {Module.ContextLength}.", nameof(contextLengths));
        }

        var longest = contextLengths.Max();
        var streams = texts.Select(t => (long[])[Tokenizer.BoundaryId, .. Tokenizer.Encode(t ?? throw new ArgumentException("A text is null.", nameof(texts)))]).ToArray();
        var all = streams.SelectMany((stream, s) => Enumerable.Range(longest, Math.Max(0, stream.Length - longest)).Select(p => (s, p))).ToArray();
        if (all.Length == 0)
        {
            throw new ArgumentException($"No text has more than {longest} tokens.", nameof(texts));
        }

        var step = Math.Max(1, all.Length / maxPositions);
        var positions = Enumerable.Range(0, Math.Min(maxPositions, all.Length)).Select(i => all[i * step]).ToArray();
        return Run(() => contextLengths.Select(k =>
        {
            var nll = 0.0;
            for (var start = 0; start < positions.Length; start += ChunksPerForward)
            {
                using var scope = NewDisposeScope();
                var part = positions[start..Math.Min(positions.Length, start + ChunksPerForward)];
                var inputs = part.SelectMany(x => streams[x.s][(x.p - k)..x.p]).ToArray();
                using var idx = tensor(inputs, [part.Length, k], device: Device);                         // (B, k): the k tokens before each target
                using var targets = tensor(part.Select(x => streams[x.s][x.p]).ToArray(), device: Device); // (B)
                var logits = Module.call(idx).select(1, -1);                                              // (B, V): the prediction after the k tokens
                nll += nn.functional.cross_entropy(logits, targets, reduction: nn.Reduction.Sum).item<float>();
            }

            return nll / positions.Length / Math.Log(2);
        }).ToArray());
    }

    private protected override IBatchMapper CreateMapper() => new ScoringMapper(this);

    private protected override VersionInfo GetVersionInfo() => VersionInfoFor(ModelSignature, LoaderSignature, typeof(CausalLanguageModelTransformer));

#pragma warning disable IDE0051 // Used by ML.NET's loader through [LoadableClass].
    private static CausalLanguageModelTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
        => new(env, LoadParts<NoState>(ctx, VersionInfoFor(ModelSignature, LoaderSignature, typeof(CausalLanguageModelTransformer)), "causal language model",
            (options, inputs, _) => LanguageModelFamily.CreateNetwork(options, ((TokenizedTextInput)inputs[0]).Tokenizer.VocabularySize), out _));

    /// <summary>The boundary token and the prompt's tokens.</summary>
    private long[] Prompt(string prompt) => [Tokenizer.BoundaryId, .. Tokenizer.Encode(prompt)];

    /// <summary>The generated token ids (without the prompt, and without a final boundary token).</summary>
    private List<long> GenerateIds(string prompt, TextGenerationOptions options)
    {
        using var threads = TorchThreads.Use(options.NumberOfThreads);
        using var generator = TorchRandom.Generator(SeedOf(prompt, options.Seed ?? Seed));
        var context = Prompt(prompt).ToList();
        var generated = new List<long>();
        using var state = Module.StartDecoding();
        Tensor? logits = null;
        try
        {
            for (var i = 0; i <= options.MaxNewTokens; i++)
            {
                using var scope = NewDisposeScope();
                if (i > 0)
                {
                    var next = TokenSampler.Next(logits!, options, generator).item<long>();
                    if (options.StopAtBoundary && next == Tokenizer.BoundaryId)
                    {
                        break;
                    }

                    generated.Add(next);
                    context.Add(next);
                    if (i == options.MaxNewTokens)
                    {
                        break;
                    }
                }

                var fresh = options.UseCache
                    ? Module.Feed(i == 0 ? context.ToArray() : [context[^1]], state)
                    : Recompute(context);
                logits?.Dispose();
                logits = fresh.DetachFromDisposeScope();
            }
        }
        finally
        {
            logits?.Dispose();
        }

        return generated;
    }

    /// <summary>The next-token logits <c>(1, V)</c> from the last context-length tokens, computed afresh.</summary>
    private Tensor Recompute(List<long> context)
    {
        var window = context.Skip(Math.Max(0, context.Count - Module.ContextLength)).ToArray();
        using var idx = tensor(window, device: Device).unsqueeze(0);  // (1, T)
        return Module.call(idx).select(1, -1);                         // (1, V)
    }

    /// <summary>A generator seed from the seed and the prompt's text alone (FNV-1a), so a completion never depends on its row.</summary>
    private static long SeedOf(string prompt, int seed)
    {
        var hash = 14695981039346656037UL ^ (ulong)(uint)seed;
        foreach (var c in prompt)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (long)(hash & 0x7FFF_FFFF_FFFF_FFFFUL);
    }

    /// <summary>Scores rows: chunks of every row's tokens go through the network together (a prompt model scores the text given its prompt).</summary>
    private sealed class ScoringMapper(CausalLanguageModelTransformer owner) : IBatchMapper
    {
        public IReadOnlyList<InputColumn> Inputs { get; } = owner.TrainedOptions.PromptColumnName is { } prompt
            ? [new TextInput(owner.TrainedOptions.TextColumnName), new TextInput(prompt)]
            : [new TextInput(owner.TrainedOptions.TextColumnName)];

        public IReadOnlyList<OutputColumn> Outputs { get; } =
        [
            OutputColumn.Float(owner.TrainedOptions.LogLikelihoodColumnName),
            OutputColumn.Float(owner.TrainedOptions.PerplexityColumnName),
            OutputColumn.Float(owner.TrainedOptions.BitsPerCharacterColumnName),
        ];

        public void Map(RowBatch rows, OutputBatch output)
        {
            var texts = rows.Texts(0).Values;
            var context = owner.Module.ContextLength;
            var prompts = Inputs.Count > 1 ? rows.Texts(1).Values : null;
            var chunks = new List<(int Row, long[] Window, long[]? Scored)>();
            var tokenCounts = new int[rows.Rows];
            for (var r = 0; r < rows.Rows; r++)
            {
                if (prompts is null)
                {
                    var windows = LanguageModelFamily.Windows(owner.Tokenizer, [texts[r]], context);
                    tokenCounts[r] = windows.Sum(w => w.Length - 1);
                    chunks.AddRange(windows.Select(w => (r, w, (long[]?)null)));
                }
                else
                {
                    var sequence = LanguageModelFamily.PromptSequences(owner.Tokenizer, [prompts[r]], [texts[r]])[0];
                    var (windows, scored) = LanguageModelFamily.CutSequences([sequence], context);
                    tokenCounts[r] = (int)sequence.Scored.Sum();
                    chunks.AddRange(windows.Select((w, i) => (r, w, (long[]?)scored[i])));
                }
            }

            var nll = new double[rows.Rows];
            for (var start = 0; start < chunks.Count; start += ChunksPerForward)
            {
                using var scope = NewDisposeScope();
                var part = chunks.GetRange(start, Math.Min(ChunksPerForward, chunks.Count - start));
                var (inputs, targets) = LanguageModelFamily.Collate(part.Select(c => c.Window).ToArray(), 0, owner.Device, prompts is null ? null : part.Select(c => c.Scored!).ToArray());
                var sums = LanguageModelFamily.TokenNll(owner.Module, inputs, targets).sum(1).to_type(ScalarType.Float64).data<double>().ToArray(); // (B)
                for (var i = 0; i < part.Count; i++)
                {
                    nll[part[i].Row] += sums[i];
                }
            }

            for (var r = 0; r < rows.Rows; r++)
            {
                if (output.IsActive(0))
                {
                    output.Floats(0)[r] = (float)-nll[r];
                }

                if (output.IsActive(1))
                {
                    output.Floats(1)[r] = tokenCounts[r] == 0 ? float.NaN : (float)Math.Exp(nll[r] / tokenCounts[r]);
                }

                if (output.IsActive(2))
                {
                    output.Floats(2)[r] = texts[r].Length == 0 ? float.NaN : (float)(nll[r] / Math.Log(2) / texts[r].Length);
                }
            }
        }
    }

    private sealed class GenerationMapper(CausalLanguageModelTransformer owner, TextInput prompt, string completion, TextGenerationOptions options) : IBatchMapper
    {
        public IReadOnlyList<InputColumn> Inputs { get; } = [prompt];

        public IReadOnlyList<OutputColumn> Outputs { get; } = [OutputColumn.Text(completion)];

        public void Map(RowBatch rows, OutputBatch output)
        {
            if (!output.IsActive(0))
            {
                return;
            }

            var prompts = rows.Texts(0).Values;
            for (var r = 0; r < rows.Rows; r++)
            {
                output.Texts(0)[r] = owner.Tokenizer.Decode(owner.GenerateIds(prompts[r], options));
            }
        }
    }
}
