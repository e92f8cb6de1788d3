using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Models;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(TextClassifierTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet text classifier", TextClassifierTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Language;

/// <summary>A fine-tuned text classifier.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>Sentence1ColumnName</c> (and <c>Sentence2ColumnName</c>)</term><description>text</description></item>
/// <item><term><c>ScoreColumnName</c></term><description>binary: Single, the log-odds of true; multiclass: vector of Single, each class's probability</description></item>
/// <item><term><c>ProbabilityColumnName</c></term><description>binary only: Single, the probability of true</description></item>
/// <item><term><c>PredictedLabelColumnName</c></term><description>binary: Boolean; multiclass: key of the training label's classes</description></item>
/// </list>
/// </remarks>
public sealed class TextClassifierTransformer : GenerativeTransformer<TextClassifierOptions, TextClassifierNetwork>
{
    internal const string LoaderSignature = "GenAiTextClassifier";
    private const string ModelSignature = "GENAITCL";
    private readonly PretrainedBody _body;

    internal TextClassifierTransformer(IHostEnvironment env, ModelParts<TextClassifierOptions, TextClassifierNetwork> parts, PretrainedBody body)
        : base(env, parts)
    {
        _body = body;
    }

    /// <summary>The tokenizer of the pre-trained model (saved in the .zip).</summary>
    public TextTokenizer Tokenizer => Inputs.Find<TokenizedTextInput>()!.Tokenizer;

    /// <summary>The classes, in score order (binary: False, True).</summary>
    public IReadOnlyList<string> ClassNames => Classes.ClassNames;

    /// <summary>True for a binary classifier (a Boolean label).</summary>
    public bool IsBinary => Classes.IsBoolean;

    /// <summary>Trained parameters (frozen ones included).</summary>
    public long ParameterCount => Module.parameters().Sum(p => p.numel());

    /// <summary>The fine-tuned network.</summary>
    public TextClassifierNetwork Network => Module;

    /// <summary>
    /// How well the fine-tuned body still models text: the bits per character of <paramref name="texts"/> when the
    /// body is read as the causal language model it started from (its own output layer, unused by the classifier).
    /// Compare with the pre-trained model's <c>BitsPerCharacter</c> column to see how much of pre-training the
    /// fine-tuning kept (catastrophic forgetting shows as a rise).
    /// </summary>
    /// <exception cref="InvalidOperationException">The body is a masked language model (it predicts masked tokens, not the next one).</exception>
    public double LanguageModelBitsPerCharacter(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (Module.Body is not CausalLanguageNetwork network)
        {
            throw new InvalidOperationException("The body is a masked language model; bits per character need a causal one (GPT or LSTM).");
        }

        var list = texts.ToArray();
        var characters = list.Sum(t => (double)t.Length);
        if (characters == 0)
        {
            throw new ArgumentException("The texts are empty.", nameof(texts));
        }

        return Run(() =>
        {
            var windows = list.SelectMany(t => LanguageModelFamily.Windows(Tokenizer, [t], network.ContextLength)).ToArray(); // each text on its own, as the language model's column scores it
            var nll = 0.0;
            for (var start = 0; start < windows.Length; start += 32)
            {
                using var scope = NewDisposeScope();
                var (inputs, targets) = LanguageModelFamily.Collate(windows[start..Math.Min(windows.Length, start + 32)], 0, Device);
                nll += LanguageModelFamily.TokenNll(network, inputs, targets).sum().to_type(ScalarType.Float64).item<double>();
            }

            return nll / Math.Log(2) / characters;
        });
    }

    /// <summary>The description of the network's body (saved as State.json).</summary>
    internal PretrainedBody Body => _body;

    private ClassInput Classes => Inputs.Find<ClassInput>()!;

    private protected override IBatchMapper CreateMapper() => new Mapper(this);

    private protected override VersionInfo GetVersionInfo() => VersionInfoFor(ModelSignature, LoaderSignature, typeof(TextClassifierTransformer));

    private protected override ISavedState SaveState() => _body;

#pragma warning disable IDE0051 // Used by ML.NET's loader through [LoadableClass].
    private static TextClassifierTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
    {
        var parts = LoadParts<PretrainedBody>(ctx, VersionInfoFor(ModelSignature, LoaderSignature, typeof(TextClassifierTransformer)), "text classifier",
            (options, inputs, body) => TextClassifierFamily.CreateNetwork(options, inputs, body), out var state);
        return new(env, parts, state);
    }

    private sealed class Mapper : IBatchMapper
    {
        private readonly TextClassifierTransformer _owner;

        public Mapper(TextClassifierTransformer owner)
        {
            _owner = owner;
            var o = owner.TrainedOptions;
            var texts = owner.Inputs.Columns.OfType<TokenizedTextInput>().ToArray(); // Sentence1, then Sentence2 if any
            Inputs = texts;
            Outputs = owner.IsBinary
                ? [OutputColumn.Float(o.ScoreColumnName), OutputColumn.Float(o.ProbabilityColumnName), OutputColumn.Boolean(o.PredictedLabelColumnName)]
                : [OutputColumn.Vector(o.ScoreColumnName, new Data.VectorShape(owner.ClassNames.Count, [owner.ClassNames.Count])), OutputColumn.Key(o.PredictedLabelColumnName, owner.ClassNames)];
        }

        public IReadOnlyList<InputColumn> Inputs { get; }

        public IReadOnlyList<OutputColumn> Outputs { get; }

        public void Map(RowBatch rows, OutputBatch output)
        {
            var n = rows.Rows;
            var first = rows.Tokens(0).Values.Take(n).ToArray();
            var second = Inputs.Count > 1 ? rows.Tokens(1).Values.Take(n).ToArray() : null;
            var (tokens, valid) = TextClassifierFamily.Inputs(first, second, _owner.Tokenizer.BoundaryId, _owner.TrainedOptions.MaxTokens!.Value, _owner.Device);
            var scores = _owner.Module.call(tokens, valid);                                          // (B, K)
            if (_owner.IsBinary)
            {
                var logits = scores.squeeze(-1).to_type(ScalarType.Float32).cpu().data<float>().ToArray();
                for (var r = 0; r < n; r++)
                {
                    if (output.IsActive(0))
                    {
                        output.Floats(0)[r] = logits[r];
                    }

                    if (output.IsActive(1))
                    {
                        output.Floats(1)[r] = 1f / (1f + MathF.Exp(-logits[r]));
                    }

                    if (output.IsActive(2))
                    {
                        output.Booleans(2)[r] = logits[r] > 0;
                    }
                }

                return;
            }

            if (output.IsActive(0))
            {
                var probabilities = scores.softmax(-1).to_type(ScalarType.Float32).cpu().data<float>().ToArray(); // B x K, row-major
                Array.Copy(probabilities, 0, output.Floats(0), 0, probabilities.Length);
            }

            if (output.IsActive(1))
            {
                var predicted = scores.argmax(-1).cpu().data<long>().ToArray();
                for (var r = 0; r < n; r++)
                {
                    output.Keys(1)[r] = (int)predicted[r];
                }
            }
        }
    }
}
