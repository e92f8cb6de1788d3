using System;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Language.FineTuning;

/// <summary>The fine-tuned text classifier passes the estimator contract on SpamAssassin subject lines.</summary>
public sealed class TextClassifierConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<TextClassifierTransformer>(output)
{
    protected override IDataView TrainingData() => TextClassifierTests.Subjects(new MLContext(1), 0, 300);

    protected override IDataView ScoringData() => TextClassifierTests.Subjects(new MLContext(1), 300, 60);

    protected override string[] OutputColumns => ["Score", "Probability"];

    protected override RowFactory Rows { get; } = new TextRowFactory("Sentence1");

    protected override string? LabelColumn => "Label";

    protected override IEstimator<TextClassifierTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new TextClassifierOptions { Epochs = 2, BatchSize = 32, MaxTokens = 24, LearningRate = 3e-4 };
        configure?.Invoke(o);
        return mlContext.Generative().TextClassification(TextClassifierTests.s_gpt.Value, o);
    }

    protected override void MakeDiverge(TorchTrainerOptions options)
    {
        options.LearningRate = 1e30;
        options.WarmupSteps = 0;
        options.GradientClipNorm = null;
    }
}
