using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>
/// Trains an autoencoder on a float vector column. Create it with
/// <c>mlContext.Generative().Autoencoder(...)</c>.
/// </summary>
public sealed class AutoencoderEstimator : IEstimator<AutoencoderTransformer>
{
    private readonly MLContext _mlContext;
    private readonly AutoencoderOptions _options;

    internal AutoencoderEstimator(MLContext mlContext, AutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _mlContext = mlContext;
        _options = options;
    }

    /// <inheritdoc />
    public AutoencoderTransformer Fit(IDataView input) => Fit(input, null);

    /// <summary>Trains with explicit validation data (used for the validation loss and early stopping).</summary>
    public AutoencoderTransformer Fit(IDataView input, IDataView? validationData)
    {
        var (env, shape, network, history, seed, means) = Train(_mlContext, _options, input, validationData);
        return new AutoencoderTransformer(env, ModelStreams.Clone(_options), shape, network, history, seed, means);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => OutputSchema(inputSchema, _options);

    internal static SchemaShape OutputSchema(SchemaShape inputSchema, AutoencoderOptions options)
    {
        var columns = SchemaShapes.CheckVectorInput(inputSchema, options.FeatureColumnName);
        SchemaShapes.AddVector(columns, options.LatentColumnName);
        SchemaShapes.AddVector(columns, options.ReconstructionColumnName);
        SchemaShapes.AddScalar(columns, options.ReconstructionErrorColumnName);
        SchemaShapes.AddScalar(columns, options.ScoreColumnName);
        if (options is VaeOptions vae)
        {
            SchemaShapes.AddScalar(columns, vae.NegativeElboColumnName);
            SchemaShapes.AddScalar(columns, vae.KlColumnName);
        }

        return new SchemaShape(columns.Values);
    }

    /// <summary>The network an options object and an input shape describe.</summary>
    internal static NetworkSpec Spec(AutoencoderOptions options, VectorShape shape)
    {
        (int C, int H, int W)? image = null;
        if (options.Architecture == AutoencoderArchitecture.Convolutional)
        {
            image = shape.Image ?? throw new ArgumentException(
                $"The convolutional architecture needs an image shape: column '{options.FeatureColumnName}' has dimensions [{string.Join(", ", shape.Dimensions)}]. " +
                "Load images with GenAi.MLNet's loaders (they keep (C, H, W)) or use Architecture = Mlp.", nameof(options));
            var scale = 1 << options.ConvChannels.Length;
            if (image.Value.H % scale != 0 || image.Value.W % scale != 0)
            {
                throw new ArgumentException(
                    $"ConvChannels has {options.ConvChannels.Length} stages, so height and width must be divisible by {scale}; the images are {image.Value.H}x{image.Value.W}.",
                    nameof(options));
            }
        }

        return new NetworkSpec(shape.Size, image, options.HiddenSizes, options.ConvChannels, options.LatentDimension,
            options.IsVariational, options.Likelihood, options.GaussianSigma);
    }

    /// <summary>The fitting both estimators share.</summary>
    internal static (IHostEnvironment Env, VectorShape Shape, AutoencoderNetwork Network, TrainingHistory History, int Seed, float[] Means) Train(
        MLContext mlContext, AutoencoderOptions options, IDataView input, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(input);
        options.Validate();
        IHostEnvironment env = mlContext;
        var host = env.Register(options.IsVariational ? "Vae" : "Autoencoder");
        var shape = ColumnReader.CheckVectorColumn(input.Schema, options.FeatureColumnName);
        if (validationData is not null)
        {
            ColumnReader.CheckVectorColumn(validationData.Schema, options.FeatureColumnName, shape.Size);
        }

        var spec = Spec(options, shape);
        var seed = options.Seed ?? host.Rand.Next();
        var device = TorchDevice.Parse(options.Device);
        if (options.NumberOfThreads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        if (validationData is null && options.ValidationFraction > 0)
        {
            var split = mlContext.Data.TrainTestSplit(input, options.ValidationFraction, seed: seed);
            (input, validationData) = (split.TrainSet, split.TestSet);
        }

        RowCheck? check = options.Likelihood == ReconstructionLikelihood.Bernoulli
            ? ColumnReader.InRange(options.FeatureColumnName, 0, 1,
                "the Bernoulli likelihood needs values in [0, 1]; scale the column (e.g. NormalizeMinMax) or set Likelihood = Gaussian.")
            : null;

        using var channel = host.Start("Training");
        channel.Info($"Training {(options.IsVariational ? "a VAE" : "an autoencoder")} ({options.Architecture}, latent {options.LatentDimension}) on {shape.Size} features, seed {seed}, device {device}.");
        using var train = BatchSource.Create(mlContext, input, options.FeatureColumnName, null, shape.Size, options.MaxInMemoryBytes, device, check);
        using var validation = validationData is null
            ? null
            : BatchSource.Create(mlContext, validationData, options.FeatureColumnName, null, shape.Size, options.MaxInMemoryBytes, device, check);
        using var generator = TorchRandom.Generator(seed);
        var network = TorchRandom.Build(seed, () => new AutoencoderNetwork(spec));
        try
        {
            network.to(device);
            network.NoiseGenerator = generator;
            using var model = new Trainable(network, options);
            var history = Trainer.Run(model, train, validation, options, channel, generator, seed);
            network.NoiseGenerator = null;
            return (env, shape, network, history, seed, train.FeatureMeans());
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>One Adam step on loss = mean over rows of (-log p(x|z) + beta * KL).</summary>
    private sealed class Trainable : ITrainableModel, IDisposable
    {
        private readonly AutoencoderNetwork _network;
        private readonly Adam _optimizer;
        private readonly double _beta;

        public Trainable(AutoencoderNetwork network, AutoencoderOptions options)
        {
            _network = network;
            _beta = options is VaeOptions vae ? vae.Beta : 0;
            _optimizer = new Adam(network.parameters(), options.LearningRate);
            LossNames = options.IsVariational ? ["loss", "reconstruction", "kl"] : ["loss"];
        }

        public nn.Module Module => _network;

        public IReadOnlyList<string> LossNames { get; }

        public float[] TrainStep(Batch batch)
        {
            _optimizer.ZeroGrad();
            var (loss, nll, kl) = Loss(batch.Features);
            loss.backward();
            _optimizer.Step();
            return Values(loss, nll, kl);
        }

        public float[] Evaluate(Batch batch)
        {
            var (loss, nll, kl) = Loss(batch.Features);
            return Values(loss, nll, kl);
        }

        public void Dispose() => _optimizer.Dispose();

        private (Tensor Loss, Tensor Nll, Tensor? Kl) Loss(Tensor x)
        {
            var (output, mu, logVar) = _network.call(x);                 // (B, D), (B, L), (B, L)
            var nll = _network.ReconstructionNll(output, x).mean();     // scalar: nats per row
            if (!_network.Spec.Variational)
            {
                return (nll, nll, null);
            }

            var kl = AutoencoderNetwork.KlDivergence(mu, logVar).mean(); // scalar
            return (nll + (_beta * kl), nll, kl);
        }

        private static float[] Values(Tensor loss, Tensor nll, Tensor? kl)
            => kl is null ? [loss.item<float>()] : [loss.item<float>(), nll.item<float>(), kl.item<float>()];
    }
}

/// <summary>
/// Trains a variational autoencoder on a float vector column. Create it with
/// <c>mlContext.Generative().Vae(...)</c>.
/// </summary>
public sealed class VaeEstimator : IEstimator<VaeTransformer>
{
    private readonly MLContext _mlContext;
    private readonly VaeOptions _options;

    internal VaeEstimator(MLContext mlContext, VaeOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _mlContext = mlContext;
        _options = options;
    }

    /// <inheritdoc />
    public VaeTransformer Fit(IDataView input) => Fit(input, null);

    /// <summary>Trains with explicit validation data (used for the validation loss and early stopping).</summary>
    public VaeTransformer Fit(IDataView input, IDataView? validationData)
    {
        var (env, shape, network, history, seed, means) = AutoencoderEstimator.Train(_mlContext, _options, input, validationData);
        return new VaeTransformer(env, ModelStreams.Clone(_options), shape, network, history, seed, means);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => AutoencoderEstimator.OutputSchema(inputSchema, _options);
}
