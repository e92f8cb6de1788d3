using System;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Text;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Language;

/// <summary>The masked language model passes the estimator contract on lines of Persuasion.</summary>
public sealed class MaskedLanguageModelConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<MaskedLanguageModelTransformer>(output)
{
    protected override IDataView TrainingData() => CausalLanguageModelConformanceTests.Lines(0, 400);

    protected override IDataView ScoringData() => CausalLanguageModelConformanceTests.Lines(400, 30);

    protected override string[] OutputColumns => ["PseudoLogLikelihood"];

    protected override RowFactory Rows { get; } = new TextRowFactory("Text");

    protected override IEstimator<MaskedLanguageModelTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new MaskedLanguageModelOptions
        {
            Tokenizer = TokenizerKind.WordPiece,
            TokenizerVocabularySize = 400,
            Epochs = 2,
            BatchSize = 32,
            ContextLength = 16,
            Layers = 1,
            Heads = 2,
            EmbeddingSize = 32,
            WarmupSteps = 5,
            LearningRate = 3e-3,
        };
        configure?.Invoke(o);
        return mlContext.Generative().MaskedLanguageModel(o);
    }

    protected override void MakeDiverge(TorchTrainerOptions options)
    {
        options.LearningRate = 1e30;
        options.WarmupSteps = 0;
        options.GradientClipNorm = null;
    }
}
