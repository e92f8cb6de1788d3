using System;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Language.Reinforcement;

/// <summary>Reward fine-tuning passes the estimator contract: prompts are the first words of lines of Persuasion, the reward the share of vowels.</summary>
public sealed class RewardFineTuningConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<CausalLanguageModelTransformer>(output)
{
    private static readonly Lazy<CausalLanguageModelTransformer> s_pretrained = new(() => new MLContext(seed: 0).Generative().CausalLanguageModel(new CausalLanguageModelOptions
    {
        Epochs = 2, BatchSize = 32, ContextLength = 16, Layers = 1, Heads = 2, EmbeddingSize = 32, WarmupSteps = 5, LearningRate = 3e-3,
    }).Fit(CausalLanguageModelConformanceTests.Lines(0, 400)));

    protected override IDataView TrainingData()
    {
        var lines = CausalLanguageModelConformanceTests.Lines(0, 40).GetColumn<string>("Text").Select(l => l.Split(' ')[0]).Select(w => w[..Math.Min(w.Length, 8)]).ToArray();
        return new InMemoryDataView.Builder().AddText("Text", lines).Build();
    }

    protected override IDataView ScoringData() => CausalLanguageModelConformanceTests.Lines(400, 100);

    protected override string[] OutputColumns => ["LogLikelihood", "Perplexity", "BitsPerCharacter"];

    protected override RowFactory Rows { get; } = new TextRowFactory("Text");

    protected override IEstimator<CausalLanguageModelTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new RewardFineTuningOptions { Epochs = 2, BatchSize = 8, SamplesPerPrompt = 4, MaxNewTokens = 6 };
        configure?.Invoke(o);
        return mlContext.Generative().RewardFineTuning(s_pretrained.Value, (_, c) => c.Length == 0 ? 0 : c.Count("aeiou".Contains) / (double)c.Length, o);
    }

    protected override void MakeDiverge(TorchTrainerOptions options)
    {
        options.LearningRate = 1e30;
        options.GradientClipNorm = null;
    }
}
