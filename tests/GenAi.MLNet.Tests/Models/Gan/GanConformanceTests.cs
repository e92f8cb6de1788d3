using System;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Gan;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Gan;

/// <summary>Digits 8x8: 600 rows to train, 200 to score; a small budget.</summary>
public abstract class GanConformanceBase(ITestOutputHelper output) : EstimatorConformanceTests<GanTransformer>(output)
{
    protected override IDataView TrainingData() => TestData.Digits.Take(600).ToDataView();

    protected override IDataView ScoringData() => TestData.Digits.Select(Enumerable.Range(1500, 200).ToArray()).ToDataView();

    protected override string[] OutputColumns => ["Realness"];

    // Pixels in [0, 1] give the sigmoid output: x 255 is outside what the generator can produce.
    protected override RowFactory Rows { get; } = new VectorRowFactory("Features", outOfRangeValue: 255);

    protected abstract GanOptions Options();

    protected override IEstimator<GanTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = Options();
        o.Epochs = 2;
        o.BatchSize = 64;
        o.NoiseDimension = 8;
        o.GeneratorHiddenSizes = [32];
        o.DiscriminatorHiddenSizes = [32];
        o.GeneratorChannels = 8;
        o.DiscriminatorChannels = 8;
        configure?.Invoke(o);
        return mlContext.Generative().Gan(o);
    }

    // Adam moves every weight by about the learning rate: 1e30 overflows float32 at the next forward pass.
    protected override void MakeDiverge(TorchTrainerOptions options) => options.LearningRate = 1e30;
}

public sealed class GanMlpConformanceTests(ITestOutputHelper output) : GanConformanceBase(output)
{
    protected override GanOptions Options() => new() { Architecture = GanArchitecture.Mlp };
}

public sealed class GanWassersteinPackedConformanceTests(ITestOutputHelper output) : GanConformanceBase(output)
{
    protected override GanOptions Options() => new() { Loss = GanLoss.WassersteinGp, CriticSteps = 2, Pack = 2, SpectralNorm = true, GeneratorEma = 0.9 };
}

public sealed class DcganConformanceTests(ITestOutputHelper output) : GanConformanceBase(output)
{
    protected override GanOptions Options() => new() { Architecture = GanArchitecture.Convolutional };
}

public sealed class ConditionalDcganConformanceTests(ITestOutputHelper output) : GanConformanceBase(output)
{
    protected override GanOptions Options() => new() { Architecture = GanArchitecture.Convolutional, LabelColumnName = "Label", Loss = GanLoss.Hinge, SpectralNorm = true };

    protected override string? LabelColumn => "Label";
}
