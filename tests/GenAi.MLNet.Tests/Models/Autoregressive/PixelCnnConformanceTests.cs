using System;
using System.Linq;
using GenAi.MLNet.Models.Autoregressive;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Autoregressive;

/// <summary>PixelCNN on the 8x8 digits (binarised at 0.5): 600 rows to train, 200 to score; a small network.</summary>
public sealed class PixelCnnConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<PixelCnnTransformer>(output)
{
    protected override IDataView TrainingData() => TestData.Digits.Take(600).ToDataView();

    protected override IDataView ScoringData() => TestData.Digits.Select(Enumerable.Range(1500, 200).ToArray()).ToDataView();

    // Values are in [0, 1]: x 255 is outside.
    protected override RowFactory Rows { get; } = new VectorRowFactory("Features", outOfRangeValue: 255);

    protected override string[] OutputColumns => ["LogLikelihood", "BitsPerDimension"];

    protected override IEstimator<PixelCnnTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new PixelCnnOptions { Epochs = 2, BatchSize = 32, Filters = 8, ResidualBlocks = 1 };
        configure?.Invoke(o);
        return mlContext.Generative().PixelCnn(o);
    }

    // A rate of 1e30 without clipping sends the weights, and the loss, to infinity within the first steps.
    protected override void MakeDiverge(TorchTrainerOptions options)
    {
        options.LearningRate = 1e30;
        options.GradientClipNorm = null;
    }
}
