// A text family written only for the tests, on the library's family bases: a character bigram language
// model. It reads a text column (tokenized by a CharacterTokenizer fitted with the model and saved with it),
// trains p(c_t | c_t-1) with the shared trainer, and appends the token ids and the per-character negative
// log-likelihood. It shows that a family whose rows are text, not float vectors, passes the same contract.
using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Models;
using GenAi.MLNet.Tests.Text;
using GenAi.MLNet.Text;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(CharBigramTransformer), null, typeof(SignatureLoadModel), "Test char bigram", CharBigramTransformer.LoaderSignature)]

namespace GenAi.MLNet.Tests.Text;

public sealed class CharBigramOptions : TorchTrainerOptions
{
    public string TextColumnName { get; set; } = "Text";

    public string TokensColumnName { get; set; } = "Tokens";

    public string NllColumnName { get; set; } = "NllPerChar";

    /// <summary>Multiplies the logits (the divergence check sets it to infinity).</summary>
    public double LogitScale { get; set; } = 1;

    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(TextColumnName))
        {
            throw new ArgumentException("TextColumnName must name a column.", nameof(TextColumnName));
        }
    }
}

/// <summary>logits(next | previous) = table[previous]: a (V, V) table.</summary>
public sealed class CharBigramNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Embedding table;
    private readonly double _scale;

    internal CharBigramNetwork(int vocabulary, double scale) : base(nameof(CharBigramNetwork))
    {
        table = nn.Embedding(vocabulary, vocabulary);
        _scale = scale;
        RegisterComponents();
    }

    // previous: (N) -> logits (N, V)
    public override Tensor forward(Tensor previous) => table.call(previous) * _scale;

    /// <summary>Per-row mean NLL of each next character given the previous one (start context: id 0), and all pairs' mean.</summary>
    internal (Tensor PerRow, Tensor Mean) Nll(IReadOnlyList<long[]> rows, Device device)
    {
        var previous = rows.SelectMany(r => r.Length == 0 ? [] : r[..^1].Prepend(CharacterTokenizer.UnknownId)).ToArray();
        var next = rows.SelectMany(r => r).ToArray();
        var owner = rows.SelectMany((r, i) => Enumerable.Repeat((long)i, r.Length)).ToArray();
        if (next.Length == 0)
        {
            return (zeros(rows.Count), zeros(1).sum());
        }

        var nll = nn.functional.cross_entropy(call(tensor(previous).to(device)), tensor(next).to(device), reduction: nn.Reduction.None); // (N)
        var sums = zeros(rows.Count, device: device).index_add(0, tensor(owner).to(device), nll, 1);
        var counts = tensor(rows.Select(r => (float)Math.Max(1, r.Length)).ToArray()).to(device);
        return (sums / counts, nll.mean());
    }
}

public sealed class CharBigramEstimator : GenerativeEstimator<CharBigramOptions, CharBigramNetwork, CharBigramTransformer>
{
    public CharBigramEstimator(MLContext mlContext, CharBigramOptions options)
        : base(mlContext, options, "char bigram")
    {
    }

    private protected override void CheckInputSchema(CharBigramOptions options, SchemaShape inputSchema) => TextInput.CheckShape(inputSchema, options.TextColumnName);

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(CharBigramOptions options)
        => [(options.TokensColumnName, OutputKind.Tokens), (options.NllColumnName, OutputKind.Float)];

    private protected override ModelInputs DescribeInputs(CharBigramOptions options, IDataView data)
    {
        var text = new TextInput(options.TextColumnName);
        text.Check(data.Schema);
        var tokenizer = CharacterTokenizer.Train(data.GetColumn<ReadOnlyMemory<char>>(options.TextColumnName).Select(t => t.ToString()));
        return new ModelInputs([new TokenizedTextInput(options.TextColumnName, tokenizer)]);
    }

    private protected override CharBigramNetwork CreateNetwork(CharBigramOptions options, ModelInputs inputs)
        => new(((TokenizedTextInput)inputs[0]).Tokenizer.VocabularySize, options.LogitScale);

    private protected override ITrainableModel CreateTrainable(CharBigramNetwork network, CharBigramOptions options, TrainingSetup setup)
        => new Training(network, options, setup.Device);

    private protected override CharBigramTransformer CreateTransformer(IHostEnvironment env, ModelParts<CharBigramOptions, CharBigramNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => new(env, parts);

    private sealed class Training(CharBigramNetwork network, CharBigramOptions options, Device device) : ITrainableModel
    {
        private readonly Optimizer _optimizer = options.CreateOptimizer(network.parameters(), options.LearningRate, "model");

        public nn.Module Module => network;

        public IReadOnlyList<string> LossNames => ["nll"];

        public IReadOnlyList<Optimizer> Optimizers => [_optimizer];

        public float[] TrainStep(Batch batch, StepContext step)
        {
            if (step.StartsGroup)
            {
                _optimizer.ZeroGrad();
            }

            var (_, loss) = network.Nll(batch.Tokens(0), device);
            step.Backward(loss);
            step.Step(_optimizer);
            return [loss.item<float>()];
        }

        public float[] Evaluate(Batch batch) => [network.Nll(batch.Tokens(0), device).Mean.item<float>()];

        public long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps) => [batchesPerEpoch * epochs / accumulationSteps];

        public void Dispose() => _optimizer.Dispose();
    }
}

public sealed class CharBigramTransformer : GenerativeTransformer<CharBigramOptions, CharBigramNetwork>
{
    internal const string LoaderSignature = "TestCharBigram";

    internal CharBigramTransformer(IHostEnvironment env, ModelParts<CharBigramOptions, CharBigramNetwork> parts)
        : base(env, parts)
    {
    }

    public CharacterTokenizer Tokenizer => (CharacterTokenizer)((TokenizedTextInput)Inputs[0]).Tokenizer;

    private protected override IBatchMapper CreateMapper() => new Mapper(Module, TrainedOptions, (TokenizedTextInput)Inputs[0], Device);

    private protected override VersionInfo GetVersionInfo() => VersionInfoFor("TESTBIGR", LoaderSignature, typeof(CharBigramTransformer));

#pragma warning disable IDE0051 // Used by ML.NET's loader through [LoadableClass].
    private static CharBigramTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
        => new(env, LoadParts<NoState>(ctx, VersionInfoFor("TESTBIGR", LoaderSignature, typeof(CharBigramTransformer)), "char bigram",
            (options, inputs, _) => new CharBigramNetwork(((TokenizedTextInput)inputs[0]).Tokenizer.VocabularySize, options.LogitScale), out _));

    private sealed class Mapper(CharBigramNetwork network, CharBigramOptions options, TokenizedTextInput input, Device device) : IBatchMapper
    {
        public IReadOnlyList<InputColumn> Inputs { get; } = [input];

        public IReadOnlyList<OutputColumn> Outputs { get; } = [OutputColumn.Tokens(options.TokensColumnName), OutputColumn.Float(options.NllColumnName)];

        public void Map(RowBatch rows, OutputBatch output)
        {
            var tokens = rows.Tokens(0).Values.Take(rows.Rows).ToArray();
            if (output.IsActive(0))
            {
                tokens.CopyTo(output.Tokens(0), 0);
            }

            if (output.IsActive(1))
            {
                TensorIO.CopyTo(network.Nll(tokens, device).PerRow, output.Floats(1));
            }
        }
    }
}
