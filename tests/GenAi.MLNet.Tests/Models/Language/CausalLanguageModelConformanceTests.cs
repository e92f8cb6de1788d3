using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Language;

/// <summary>The GPT passes the estimator contract on lines of Jane Austen's Persuasion.</summary>
public class CausalLanguageModelConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<CausalLanguageModelTransformer>(output)
{
    private static readonly Lazy<string[]> s_lines = new(() => File.ReadLines(DataDirectory.File("text/austen_persuasion.txt"))
        .Select(l => l.Trim()).Where(l => l.Length > 0).Take(500).ToArray());

    protected override IDataView TrainingData() => Lines(0, 400);

    protected override IDataView ScoringData() => Lines(400, 100);

    protected override string[] OutputColumns => ["LogLikelihood", "Perplexity", "BitsPerCharacter"];

    protected override RowFactory Rows { get; } = new TextRowFactory("Text");

    protected virtual LanguageModelArchitecture Architecture => LanguageModelArchitecture.Transformer;

    protected override IEstimator<CausalLanguageModelTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new CausalLanguageModelOptions
        {
            Architecture = Architecture,
            Epochs = 2,
            BatchSize = 32,
            ContextLength = 16,
            Layers = 1,
            Heads = 2,
            EmbeddingSize = 32,
            LstmHiddenSize = 32,
            WarmupSteps = 5,
            LearningRate = 3e-3,
        };
        Configure(o);
        configure?.Invoke(o);
        return mlContext.Generative().CausalLanguageModel(o);
    }

    /// <summary>What a variant changes in the options.</summary>
    protected virtual void Configure(CausalLanguageModelOptions options)
    {
    }

    protected override void MakeDiverge(TorchTrainerOptions options)
    {
        options.LearningRate = 1e30;
        options.WarmupSteps = 0;
        options.GradientClipNorm = null;
    }

    internal static InMemoryDataView Lines(int skip, int take)
        => new InMemoryDataView.Builder().AddText("Text", s_lines.Value.Skip(skip).Take(take).ToArray()).Build();
}

/// <summary>A GPT trained on prompt → answer rows (each line's first half the prompt, the rest the answer) passes the same contract.</summary>
public sealed class PromptAnswerLanguageModelConformanceTests(ITestOutputHelper output) : CausalLanguageModelConformanceTests(output)
{
    protected override IDataView TrainingData() => Halves(0, 400);

    protected override IDataView ScoringData() => Halves(400, 100);

    protected override void Configure(CausalLanguageModelOptions options) => options.PromptColumnName = "Prompt";

    private static InMemoryDataView Halves(int skip, int take)
    {
        var lines = Lines(skip, take).GetColumn<ReadOnlyMemory<char>>("Text").Select(l => l.ToString()).ToArray();
        return new InMemoryDataView.Builder()
            .AddText("Text", lines.Select(l => l[(l.Length / 2)..]).ToArray())
            .AddText("Prompt", lines.Select(l => l[..(l.Length / 2)]).ToArray())
            .Build();
    }
}

/// <summary>The LSTM language model passes the same contract.</summary>
public sealed class LstmLanguageModelConformanceTests(ITestOutputHelper output) : CausalLanguageModelConformanceTests(output)
{
    protected override LanguageModelArchitecture Architecture => LanguageModelArchitecture.Lstm;
}
