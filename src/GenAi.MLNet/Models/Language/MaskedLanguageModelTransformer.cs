using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Models;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(MaskedLanguageModelTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet masked language model", MaskedLanguageModelTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// A fitted masked language model. <see cref="GenerativeTransformer{TOptions, TNetwork}.Transform"/> appends
/// each row's pseudo-log-likelihood and the row with its mask markers filled; <see cref="FillMask"/> gives the
/// most likely tokens of each mask with their probabilities.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>TextColumnName</c></term><description>text; <c>MaskToken</c> ("[MASK]") marks positions to fill</description></item>
/// <item><term><c>PseudoLogLikelihoodColumnName</c></term><description>Single: Σ log p(token | all other tokens) in nats, every token masked in turn (text longer than the context in chunks)</description></item>
/// <item><term><c>FilledColumnName</c></term><description>text: the input with each mask replaced by the most likely token</description></item>
/// </list>
/// </remarks>
public sealed class MaskedLanguageModelTransformer : GenerativeTransformer<MaskedLanguageModelOptions, MaskedLanguageNetwork>
{
    internal const string LoaderSignature = "GenAiMaskedLm";
    private const string ModelSignature = "GENAIMLM";

    internal MaskedLanguageModelTransformer(IHostEnvironment env, ModelParts<MaskedLanguageModelOptions, MaskedLanguageNetwork> parts)
        : base(env, parts)
    {
    }

    /// <summary>The tokenizer fitted with the model (saved in its .zip).</summary>
    public TextTokenizer Tokenizer => ((TokenizedTextInput)Inputs[0]).Tokenizer;

    /// <summary>The trained encoder with its masked-LM head.</summary>
    public MaskedLanguageNetwork Network => Module;

    /// <summary>Trained parameters.</summary>
    public long ParameterCount => Module.parameters().Sum(p => p.numel());

    /// <summary>
    /// The <paramref name="k"/> most likely tokens of every mask marker in <paramref name="text"/> (in order), with
    /// their probabilities; the text around the masks, up to the context length, is what the model sees.
    /// </summary>
    /// <exception cref="ArgumentException">The text has no mask marker, or more tokens than the context.</exception>
    public IReadOnlyList<IReadOnlyList<(string Token, float Probability)>> FillMask(string text, int k = 5)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var (ids, masks) = Encode(text);
        if (masks.Count == 0)
        {
            throw new ArgumentException($"The text has no mask marker '{TrainedOptions.MaskToken}'.", nameof(text));
        }

        if (ids.Length > Module.ContextLength)
        {
            throw new ArgumentException($"The text has {ids.Length} tokens; the model reads at most {Module.ContextLength}.", nameof(text));
        }

        return Run(() =>
        {
            var probabilities = Module.call(tensor(ids, [1, ids.Length], device: Device)).softmax(-1)[0]; // (T, V)
            return (IReadOnlyList<IReadOnlyList<(string, float)>>)masks.Select(position =>
            {
                var (values, indices) = probabilities[position].topk(Math.Min(k, Tokenizer.VocabularySize));
                var p = values.data<float>().ToArray();
                return (IReadOnlyList<(string, float)>)indices.data<long>().Select((id, i) => (Tokenizer.TokenText(id), p[i])).ToArray();
            }).ToArray();
        });
    }

    private protected override IBatchMapper CreateMapper() => new Mapper(this);

    private protected override VersionInfo GetVersionInfo() => VersionInfoFor(ModelSignature, LoaderSignature, typeof(MaskedLanguageModelTransformer));

#pragma warning disable IDE0051 // Used by ML.NET's loader through [LoadableClass].
    private static MaskedLanguageModelTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
        => new(env, LoadParts<NoState>(ctx, VersionInfoFor(ModelSignature, LoaderSignature, typeof(MaskedLanguageModelTransformer)), "masked language model",
            (options, inputs, _) => MaskedLanguageModelFamily.CreateNetwork(options, ((TokenizedTextInput)inputs[0]).Tokenizer), out _));

    private long MaskId => MaskedLanguageModelFamily.MaskId(Tokenizer);

    /// <summary>The text's ids with each mask marker as the [MASK] id, and the markers' positions.</summary>
    private (long[] Ids, List<int> Masks) Encode(string text)
    {
        var pieces = text.Split(TrainedOptions.MaskToken);
        var ids = new List<long>();
        var masks = new List<int>();
        for (var i = 0; i < pieces.Length; i++)
        {
            if (i > 0)
            {
                masks.Add(ids.Count);
                ids.Add(MaskId);
            }

            ids.AddRange(Tokenizer.Encode(pieces[i]));
        }

        return (ids.ToArray(), masks);
    }

    /// <summary>A token as it reads inside text: WordPiece continuations lose their "##".</summary>
    private string Display(long id)
    {
        var token = Tokenizer.TokenText(id);
        return Tokenizer.Kind == "wordpiece" && token.StartsWith("##", StringComparison.Ordinal) ? token[2..] : token;
    }

    private sealed class Mapper(MaskedLanguageModelTransformer owner) : IBatchMapper
    {
        public IReadOnlyList<InputColumn> Inputs { get; } = [new TextInput(owner.TrainedOptions.TextColumnName)];

        public IReadOnlyList<OutputColumn> Outputs { get; } =
        [
            OutputColumn.Float(owner.TrainedOptions.PseudoLogLikelihoodColumnName),
            OutputColumn.Text(owner.TrainedOptions.FilledColumnName),
        ];

        public void Map(RowBatch rows, OutputBatch output)
        {
            var texts = rows.Texts(0).Values;
            var context = owner.Module.ContextLength;
            if (output.IsActive(0))
            {
                // Each row's tokens in chunks of the context; every token of a chunk masked in turn.
                var chunks = new List<(int Row, long[] Ids)>();
                for (var r = 0; r < rows.Rows; r++)
                {
                    var ids = owner.Tokenizer.Encode(texts[r]);
                    for (var start = 0; start < ids.Length; start += context)
                    {
                        chunks.Add((r, ids[start..Math.Min(ids.Length, start + context)]));
                    }
                }

                var sums = MaskedLanguageModelFamily.PseudoLogLikelihood(owner.Module, chunks.Select(c => c.Ids).ToArray(), owner.MaskId, owner.Device);
                var values = output.Floats(0);
                Array.Clear(values, 0, rows.Rows);
                for (var i = 0; i < chunks.Count; i++)
                {
                    values[chunks[i].Row] += (float)sums[i];
                }
            }

            if (output.IsActive(1))
            {
                for (var r = 0; r < rows.Rows; r++)
                {
                    output.Texts(1)[r] = Fill(texts[r], context);
                }
            }
        }

        private string Fill(string text, int context)
        {
            var pieces = text.Split(owner.TrainedOptions.MaskToken);
            if (pieces.Length == 1)
            {
                return text;
            }

            var (ids, masks) = owner.Encode(text);
            var filled = new long[masks.Count];
            for (var start = 0; start < ids.Length; start += context)
            {
                var chunk = ids[start..Math.Min(ids.Length, start + context)];
                var inChunk = masks.Select((position, index) => (position, index)).Where(m => m.position >= start && m.position < start + chunk.Length).ToArray();
                if (inChunk.Length == 0)
                {
                    continue;
                }

                var best = owner.Module.call(tensor(chunk, [1, chunk.Length], device: owner.Device))[0].argmax(-1).data<long>().ToArray(); // (T)
                foreach (var (position, index) in inChunk)
                {
                    filled[index] = best[position - start];
                }
            }

            var result = new StringBuilder(pieces[0]);
            for (var i = 1; i < pieces.Length; i++)
            {
                result.Append(owner.Display(filled[i - 1])).Append(pieces[i]);
            }

            return result.ToString();
        }
    }
}
