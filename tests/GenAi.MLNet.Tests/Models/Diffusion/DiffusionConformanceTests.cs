using System;
using System.Linq;
using GenAi.MLNet.Models.Diffusion;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Diffusion;

/// <summary>The diffusion model on standardised tabular data (Shuttle, nine readings).</summary>
public sealed class DiffusionConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<DiffusionTransformer>(output)
{
    protected override IDataView TrainingData() => TabularData.Shuttle.Value.Train;

    protected override IDataView ScoringData() => TabularData.Shuttle.Value.Test;

    protected override RowFactory Rows { get; } = new VectorRowFactory("Features");

    protected override string[] OutputColumns => ["DenoisingError"];

    protected override IEstimator<DiffusionTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new DiffusionOptions { Epochs = 2, BatchSize = 64, HiddenSizes = [32], Timesteps = 100 };
        configure?.Invoke(o);
        return mlContext.Generative().Diffusion(o);
    }

    // A rate of 1e30 without clipping sends the denoiser's weights, and the loss, to infinity within the first steps.
    protected override void MakeDiverge(TorchTrainerOptions options)
    {
        options.LearningRate = 1e30;
        options.GradientClipNorm = null;
    }
}

/// <summary>The class-conditional diffusion model on the 8x8 digits (key label column).</summary>
public sealed class ConditionalDiffusionConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<DiffusionTransformer>(output)
{
    protected override IDataView TrainingData() => TestData.Digits.Take(600).ToDataView();

    protected override IDataView ScoringData() => TestData.Digits.Select(Enumerable.Range(1500, 200).ToArray()).ToDataView();

    protected override RowFactory Rows { get; } = new VectorRowFactory("Features");

    protected override string[] OutputColumns => ["DenoisingError"];

    protected override IEstimator<DiffusionTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new DiffusionOptions { Epochs = 2, BatchSize = 64, HiddenSizes = [32], Timesteps = 100, LabelColumnName = "Label" };
        configure?.Invoke(o);
        return mlContext.Generative().Diffusion(o);
    }

    protected override void MakeDiverge(TorchTrainerOptions options)
    {
        options.LearningRate = 1e30;
        options.GradientClipNorm = null;
    }
}

/// <summary>The U-Net denoiser on the 8×8 digits (image column, one standardisation for all pixels, clipped sampling).</summary>
public sealed class UNetDiffusionConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<DiffusionTransformer>(output)
{
    protected override IDataView TrainingData() => TestData.Digits.Take(600).ToDataView();

    protected override IDataView ScoringData() => TestData.Digits.Select(Enumerable.Range(1500, 200).ToArray()).ToDataView();

    protected override RowFactory Rows { get; } = new VectorRowFactory("Features");

    protected override string[] OutputColumns => ["DenoisingError"];

    protected override IEstimator<DiffusionTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new DiffusionOptions { Epochs = 2, BatchSize = 64, Denoiser = DiffusionDenoiser.UNet, Filters = 8, Timesteps = 100 };
        configure?.Invoke(o);
        return mlContext.Generative().Diffusion(o);
    }

    protected override void MakeDiverge(TorchTrainerOptions options)
    {
        options.LearningRate = 1e30;
        options.GradientClipNorm = null;
    }
}
