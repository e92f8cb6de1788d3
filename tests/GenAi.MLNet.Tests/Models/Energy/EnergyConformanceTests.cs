using System;
using GenAi.MLNet.Models.Energy;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Energy;

/// <summary>The energy-based model on standardised tabular data (Shuttle, nine readings).</summary>
public sealed class EnergyConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<EnergyTransformer>(output)
{
    protected override IDataView TrainingData() => TabularData.Shuttle.Value.Train;

    protected override IDataView ScoringData() => TabularData.Shuttle.Value.Test;

    protected override RowFactory Rows { get; } = new VectorRowFactory("Features");

    protected override string[] OutputColumns => ["Energy"];

    protected override IEstimator<EnergyTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new EnergyOptions { Epochs = 2, BatchSize = 64, HiddenSizes = [32], LangevinSteps = 5, ReplayBufferSize = 500 };
        configure?.Invoke(o);
        return mlContext.Generative().EnergyBasedModel(o);
    }

    // A rate of 1e30 sends the energy network's weights, and the loss, to infinity within the first steps.
    protected override void MakeDiverge(TorchTrainerOptions options)
    {
        options.LearningRate = 1e30;
        options.GradientClipNorm = null;
    }
}
