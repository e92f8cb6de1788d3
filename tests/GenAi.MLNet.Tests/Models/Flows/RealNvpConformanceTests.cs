using System;
using System.Linq;
using GenAi.MLNet.Models.Flows;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Flows;

/// <summary>The flow on standardised tabular data (Shuttle, nine readings): continuous, no range.</summary>
public sealed class RealNvpConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<RealNvpTransformer>(output)
{
    protected override IDataView TrainingData() => TabularData.Shuttle.Value.Train;

    protected override IDataView ScoringData() => TabularData.Shuttle.Value.Test;

    protected override RowFactory Rows { get; } = new VectorRowFactory("Features");

    protected override string[] OutputColumns => ["LogLikelihood", "Latent", "AnomalyScore"];

    protected override IEstimator<RealNvpTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new RealNvpOptions { Epochs = 2, BatchSize = 64, CouplingLayers = 2, HiddenSizes = [16], LearningRate = 1e-3 };
        configure?.Invoke(o);
        return mlContext.Generative().RealNvp(o);
    }

    // A rate of 1e30 sends the coupling MLPs' outputs, and the loss, to infinity within the first steps.
    protected override void MakeDiverge(TorchTrainerOptions options) => options.LearningRate = 1e30;
}

/// <summary>The flow on the 8x8 digits with dequantisation (17 levels): values must lie in [0, 1].</summary>
public sealed class RealNvpDigitsConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<RealNvpTransformer>(output)
{
    protected override IDataView TrainingData() => TestData.Digits.Take(600).ToDataView();

    protected override IDataView ScoringData() => TestData.Digits.Select(Enumerable.Range(1500, 200).ToArray()).ToDataView();

    protected override RowFactory Rows { get; } = new VectorRowFactory("Features", outOfRangeValue: 255);

    protected override string[] OutputColumns => ["LogLikelihood", "Latent", "AnomalyScore"];

    protected override IEstimator<RealNvpTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new RealNvpOptions { Epochs = 2, BatchSize = 64, CouplingLayers = 2, HiddenSizes = [32], LearningRate = 1e-3, DequantizationLevels = 17 };
        configure?.Invoke(o);
        return mlContext.Generative().RealNvp(o);
    }

    protected override void MakeDiverge(TorchTrainerOptions options) => options.LearningRate = 1e30;
}
