using System;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Models;
using GenAi.MLNet.Models.Autoencoders;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(VaeTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet VAE", VaeTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>
/// A fitted variational autoencoder: everything <see cref="AutoencoderTransformer"/> does, plus the
/// per-row negative ELBO and KL columns and sampling from the prior.
/// </summary>
/// <remarks>
/// Extra columns: <c>NegativeElboColumnName</c> (Single), -ELBO in nats, estimated with
/// <see cref="VaeOptions.ElboSamples"/> noise draws that are the same for every row; <c>KlColumnName</c>
/// (Single), KL(q(z|x) || N(0, I)) in nats.
/// </remarks>
public sealed class VaeTransformer : AutoencoderTransformer
{
    internal new const string LoaderSignature = "GenAiVae";
    private Tensor? _elboNoise;

    private VaeTransformer(IHostEnvironment env, ModelParts<AutoencoderOptions, AutoencoderNetwork> parts, AutoencoderState state)
        : base(env, parts, state)
    {
    }

    /// <summary>A copy of the options the model was trained with (automatic choices resolved).</summary>
    public new VaeOptions Options => (VaeOptions)base.Options;

    /// <summary>
    /// Draws <paramref name="count"/> samples: z ~ N(0, t^2 I), decoded into data space — by default the
    /// decoder's mean (Bernoulli: the pixel probabilities; Gaussian: the means), which is smoother and less
    /// spread than the data; with <paramref name="observationNoise"/> a draw from p(x|z) itself (Gaussian:
    /// mean + σ·ε with the decoder's per-feature σ; Bernoulli: 0/1 values). Returns a view with one column
    /// named and shaped like the training features.
    /// </summary>
    /// <param name="count">Number of samples.</param>
    /// <param name="seed">Seed for z (and the observation noise); default: derived from the model's seed, so repeated calls agree.</param>
    /// <param name="temperature">Scale of the prior, z ~ N(0, t^2 I); 1 samples the model's prior.</param>
    /// <param name="observationNoise">Sample x ~ p(x|z) instead of returning its mean. Default false. For tabular data, true gives rows as spread as the data.</param>
    public IDataView Sample(int count, int? seed = null, double temperature = 1.0, bool observationNoise = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be positive and finite.");
        }

        if (observationNoise && TrainedOptions.Likelihood == ReconstructionLikelihood.Multinomial)
        {
            throw new ArgumentException("observationNoise draws from a Bernoulli or Gaussian decoder; a multinomial decoder's samples are probabilities over the features.", nameof(observationNoise));
        }

        ThrowIfDisposed();
        using var generator = TorchRandom.Generator(seed ?? (Seed + 1));
        var z = new float[count * LatentDimension];
        using (var noise = randn([count, LatentDimension], generator: generator).Times(temperature))
        {
            TensorIO.CopyTo(noise, z);
        }

        var decoded = Decode(Enumerable.Range(0, count).Select(i => z.AsSpan(i * LatentDimension, LatentDimension).ToArray()).ToArray());
        if (observationNoise)
        {
            AddObservationNoise(decoded, generator);
        }

        return FeaturesView(decoded);
    }

    /// <summary>Replaces each decoded mean by a draw from the decoder's likelihood (in place).</summary>
    private void AddObservationNoise(float[][] means, TorchSharp.torch.Generator generator)
    {
        using var scope = NewDisposeScope();
        var size = InputShape.Size;
        var flat = means.SelectMany(m => m).ToArray();
        var mean = tensor(flat, [means.Length, size]);                                        // (N, D)
        var sigmas = Run(() => Module.GaussianSigmas());
        var draw = sigmas is null
            ? bernoulli(mean.Clamp(0, 1), generator: generator)                               // Bernoulli: 0/1
            : mean.Plus(tensor(sigmas) * randn([means.Length, size], generator: generator));   // Gaussian: mean + σ ε
        TensorIO.CopyTo(draw, flat);
        for (var i = 0; i < means.Length; i++)
        {
            flat.AsSpan(i * size, size).CopyTo(means[i]);
        }
    }

    private protected override IBatchMapper CreateMapper()
    {
        _elboNoise ??= AutoencoderScoring.ElboNoise(TrainedOptions, Seed, Device);
        return new AutoencoderMapper(Module, TrainedOptions, Features, Device, _elboNoise, State.AnomalyThreshold);
    }

    private protected override VersionInfo GetVersionInfo() => VaeVersionInfo();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _elboNoise?.Dispose();
        }

        base.Dispose(disposing);
    }

    internal static VersionInfo VaeVersionInfo() => VersionInfoFor("GENAIVAE", LoaderSignature, typeof(VaeTransformer));

    internal static new VaeTransformer Create(IHostEnvironment env, ModelParts<AutoencoderOptions, AutoencoderNetwork> parts, AutoencoderState state)
        => new(env, parts, state);

#pragma warning disable IDE0051 // Used by reflection.
    private static VaeTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
    {
        var parts = LoadParts<AutoencoderState>(ctx, VaeVersionInfo(), "VAE", (o, i, _) => AutoencoderFamily.CreateNetwork(o, i), out var state, typeof(VaeOptions));
        return new VaeTransformer(env, parts, state);
    }
}
