using System;
using System.Linq;
using GenAi.MLNet.Models.Autoencoders;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Training;
using Microsoft.ML;

namespace GenAi.MLNet.Tests.Models.Autoencoders;

/// <summary>Digits 8x8: 600 rows to train, 200 to score; a small budget.</summary>
public abstract class AutoencoderConformanceBase<T> : EstimatorConformanceTests<T>
    where T : class, ITransformer
{
    protected override IDataView TrainingData() => TestData.Digits.Take(600).ToDataView();

    protected override IDataView ScoringData() => TestData.Digits.Select(Enumerable.Range(1500, 200).ToArray()).ToDataView();

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

public sealed class VaeMlpConformanceTests : AutoencoderConformanceBase<VaeTransformer>
{
    protected override string[] OutputColumns => ["Latent", "Reconstruction", "ReconstructionError", "Score", "NegativeElbo", "Kl"];

    protected override IEstimator<VaeTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new VaeOptions();
        Small(o, configure);
        return mlContext.Generative().Vae(o);
    }
}

public sealed class VaeConvConformanceTests : AutoencoderConformanceBase<VaeTransformer>
{
    protected override string[] OutputColumns => ["Latent", "Reconstruction", "ReconstructionError", "Score", "NegativeElbo", "Kl"];

    protected override IEstimator<VaeTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new VaeOptions { Architecture = AutoencoderArchitecture.Convolutional };
        Small(o, configure);
        return mlContext.Generative().Vae(o);
    }
}

public sealed class AutoencoderMlpConformanceTests : AutoencoderConformanceBase<AutoencoderTransformer>
{
    protected override string[] OutputColumns => ["Latent", "Reconstruction", "ReconstructionError", "Score"];

    protected override IEstimator<AutoencoderTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new AutoencoderOptions();
        Small(o, configure);
        return mlContext.Generative().Autoencoder(o);
    }
}

public sealed class AutoencoderConvConformanceTests : AutoencoderConformanceBase<AutoencoderTransformer>
{
    protected override string[] OutputColumns => ["Latent", "Reconstruction", "ReconstructionError", "Score"];

    protected override IEstimator<AutoencoderTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new AutoencoderOptions { Architecture = AutoencoderArchitecture.Convolutional };
        Small(o, configure);
        return mlContext.Generative().Autoencoder(o);
    }
}
