using System;
using System.Linq;
using GenAi.MLNet.Models.Autoencoders;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Autoencoders;

/// <summary>Digits 8x8: 600 rows to train, 200 to score; a small budget.</summary>
public abstract class AutoencoderConformanceBase<T>(ITestOutputHelper output) : EstimatorConformanceTests<T>(output)
    where T : class, ITransformer
{
    protected override IDataView TrainingData() => TestData.Digits.Take(600).ToDataView();

    protected override IDataView ScoringData() => TestData.Digits.Select(Enumerable.Range(1500, 200).ToArray()).ToDataView();

    // Pixels in [0, 1] give the Bernoulli likelihood: x 255 is outside its range.
    protected override RowFactory Rows { get; } = new VectorRowFactory("Features", outOfRangeValue: 255);

    protected static void Small(AutoencoderOptions o, Action<TorchTrainerOptions>? configure)
    {
        o.Epochs = 2;
        o.BatchSize = 64;
        o.LatentDimension = 4;
        o.HiddenSizes = [32];
        o.ConvChannels = [8, 16];
        configure?.Invoke(o);
    }

    protected override void MakeDiverge(TorchTrainerOptions options)
    {
        // A Gaussian likelihood with sigma = 1e-30 divides the squared error by 2e-60: +Infinity in float32.
        var o = (AutoencoderOptions)options;
        o.Likelihood = ReconstructionLikelihood.Gaussian;
        o.GaussianSigma = 1e-30;
    }
}

public sealed class VaeMlpConformanceTests(ITestOutputHelper output) : AutoencoderConformanceBase<VaeTransformer>(output)
{
    protected override string[] OutputColumns => ["Latent", "Reconstruction", "ReconstructionError", "AnomalyScore", "IsAnomaly", "NegativeElbo", "Kl"];

    protected override IEstimator<VaeTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new VaeOptions();
        Small(o, configure);
        return mlContext.Generative().Vae(o);
    }
}

public sealed class VaeConvConformanceTests(ITestOutputHelper output) : AutoencoderConformanceBase<VaeTransformer>(output)
{
    protected override string[] OutputColumns => ["Latent", "Reconstruction", "ReconstructionError", "AnomalyScore", "IsAnomaly", "NegativeElbo", "Kl"];

    protected override IEstimator<VaeTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new VaeOptions { Architecture = AutoencoderArchitecture.Convolutional };
        Small(o, configure);
        return mlContext.Generative().Vae(o);
    }
}

public sealed class AutoencoderMlpConformanceTests(ITestOutputHelper output) : AutoencoderConformanceBase<AutoencoderTransformer>(output)
{
    protected override string[] OutputColumns => ["Latent", "Reconstruction", "ReconstructionError", "AnomalyScore", "IsAnomaly"];

    protected override IEstimator<AutoencoderTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new AutoencoderOptions();
        Small(o, configure);
        return mlContext.Generative().Autoencoder(o);
    }
}

public sealed class AutoencoderConvConformanceTests(ITestOutputHelper output) : AutoencoderConformanceBase<AutoencoderTransformer>(output)
{
    protected override string[] OutputColumns => ["Latent", "Reconstruction", "ReconstructionError", "AnomalyScore", "IsAnomaly"];

    protected override IEstimator<AutoencoderTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new AutoencoderOptions { Architecture = AutoencoderArchitecture.Convolutional };
        Small(o, configure);
        return mlContext.Generative().Autoencoder(o);
    }
}

/// <summary>The VAE on standardised tabular data (Gaussian likelihood chosen automatically, no range).</summary>
public sealed class VaeTabularConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<VaeTransformer>(output)
{
    protected override IDataView TrainingData() => TabularData.Shuttle.Value.Train;

    protected override IDataView ScoringData() => TabularData.Shuttle.Value.Test;

    protected override RowFactory Rows { get; } = new VectorRowFactory("Features");

    protected override string[] OutputColumns => ["Latent", "Reconstruction", "AnomalyScore", "IsAnomaly", "NegativeElbo"];

    protected override IEstimator<VaeTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new VaeOptions { Epochs = 2, BatchSize = 64, LatentDimension = 4, HiddenSizes = [32] };
        configure?.Invoke(o);
        return mlContext.Generative().Vae(o);
    }

    protected override void MakeDiverge(TorchTrainerOptions options) => ((VaeOptions)options).GaussianSigma = 1e-30;
}
