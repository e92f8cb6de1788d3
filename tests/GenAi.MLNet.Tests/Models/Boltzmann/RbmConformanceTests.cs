using System;
using System.Linq;
using GenAi.MLNet.Models.Boltzmann;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Boltzmann;

/// <summary>The RBM on digits 8x8: 600 rows to train, 200 to score; a small budget.</summary>
public sealed class RbmConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<RbmTransformer>(output)
{
    protected override IDataView TrainingData() => TestData.Digits.Take(600).ToDataView();

    protected override IDataView ScoringData() => TestData.Digits.Select(Enumerable.Range(1500, 200).ToArray()).ToDataView();

    // Visible units are probabilities: x 255 is outside [0, 1].
    protected override RowFactory Rows { get; } = new VectorRowFactory("Features", outOfRangeValue: 255);

    protected override string[] OutputColumns => ["Hidden", "Reconstruction", "FreeEnergy", "PseudoLogLikelihood"];

    protected override IEstimator<RbmTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new RbmOptions { Epochs = 2, BatchSize = 20, HiddenUnits = 16 };
        configure?.Invoke(o);
        return mlContext.Generative().Rbm(o);
    }

    // A rate of 1e38 overflows the weights to infinity on the first update.
    protected override void MakeDiverge(TorchTrainerOptions options) => options.LearningRate = 1e38;
}
