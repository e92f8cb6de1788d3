// The autoencoder and variational autoencoder networks, read top to bottom:
// encoders (MLP, convolutional) -> decoders -> the network (encode, reparameterise, decode) -> losses -> spec.
//
// References
//   Kingma & Welling, "Auto-Encoding Variational Bayes", ICLR 2014 (arXiv:1312.6114): the VAE, the
//     reparameterisation trick and the closed-form Gaussian KL of Appendix B.
//   Higgins et al., "beta-VAE", ICLR 2017: the beta weight on the KL term.
//   pytorch/examples vae/main.py: the 784-400-20 MLP used by the benchmark.
//   Rybkin, Daniilidis and Levine, "Simple and Effective VAE Training with Calibrated Decoders", ICML 2021:
//     learning the Gaussian decoder's variance keeps the reconstruction term in scale with the KL term.
using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>The fully connected encoder: D -> h1 -> ... -> hK, ReLU after each layer.</summary>
internal sealed class MlpEncoder : Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    public MlpEncoder(int inputSize, IReadOnlyList<int> hidden) : base(nameof(MlpEncoder))
    {
        var modules = new List<(string, Module<Tensor, Tensor>)>();
        var width = inputSize;
        for (var i = 0; i < hidden.Count; i++)
        {
            modules.Add(($"fc{i}", Linear(width, hidden[i])));
            modules.Add(($"relu{i}", ReLU()));
            width = hidden[i];
        }

        OutputSize = width;
        _layers = Sequential(modules);
        RegisterComponents();
    }

    public int OutputSize { get; }

    // x: (B, D) -> (B, hK)
    public override Tensor forward(Tensor x) => _layers.call(x);
}

/// <summary>The fully connected decoder, the encoder mirrored: latent -> hK -> ... -> h1 -> D (no output activation).</summary>
internal sealed class MlpDecoder : Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    public MlpDecoder(int latent, IReadOnlyList<int> hidden, int outputSize) : base(nameof(MlpDecoder))
    {
        var modules = new List<(string, Module<Tensor, Tensor>)>();
        var width = latent;
        for (var i = hidden.Count - 1; i >= 0; i--)
        {
            modules.Add(($"fc{i}", Linear(width, hidden[i])));
            modules.Add(($"relu{i}", ReLU()));
            width = hidden[i];
        }

        modules.Add(("out", Linear(width, outputSize)));
        _layers = Sequential(modules);
        RegisterComponents();
    }

    // z: (B, L) -> (B, D)
    public override Tensor forward(Tensor z) => _layers.call(z);
}

/// <summary>
/// The convolutional encoder: each stage is a 4x4, stride-2 convolution that halves height and width,
/// then ReLU; the last feature map is flattened.
/// </summary>
internal sealed class ConvEncoder : Module<Tensor, Tensor>
{
    private readonly Sequential _layers;
    private readonly (int C, int H, int W) _image;

    public ConvEncoder((int C, int H, int W) image, IReadOnlyList<int> channels) : base(nameof(ConvEncoder))
    {
        _image = image;
        var modules = new List<(string, Module<Tensor, Tensor>)>();
        var inChannels = image.C;
        for (var i = 0; i < channels.Count; i++)
        {
            modules.Add(($"conv{i}", Conv2d(inChannels, channels[i], kernel_size: 4, stride: 2, padding: 1)));
            modules.Add(($"relu{i}", ReLU()));
            inChannels = channels[i];
        }

        var scale = 1 << channels.Count;
        FeatureShape = (channels[^1], image.H / scale, image.W / scale);
        OutputSize = FeatureShape.C * FeatureShape.H * FeatureShape.W;
        modules.Add(("flatten", Flatten()));
        _layers = Sequential(modules);
        RegisterComponents();
    }

    /// <summary>Shape of the last feature map, (channels, H / 2^stages, W / 2^stages).</summary>
    public (int C, int H, int W) FeatureShape { get; }

    public int OutputSize { get; }

    // x: (B, C*H*W) -> (B, C, H, W) -> ... -> (B, c_last, H/2^k, W/2^k) -> (B, c_last*H/2^k*W/2^k)
    public override Tensor forward(Tensor x) => _layers.call(x.view(-1, _image.C, _image.H, _image.W));
}

/// <summary>
/// The convolutional decoder: a linear layer to the encoder's last feature map, then 4x4 stride-2
/// transposed convolutions that double height and width back to the image.
/// </summary>
internal sealed class ConvDecoder : Module<Tensor, Tensor>
{
    private readonly Linear _project;
    private readonly Sequential _layers;
    private readonly (int C, int H, int W) _feature;

    public ConvDecoder(int latent, (int C, int H, int W) image, IReadOnlyList<int> channels) : base(nameof(ConvDecoder))
    {
        var scale = 1 << channels.Count;
        _feature = (channels[^1], image.H / scale, image.W / scale);
        _project = Linear(latent, _feature.C * _feature.H * _feature.W);
        var modules = new List<(string, Module<Tensor, Tensor>)> { ("relu", ReLU()) };
        for (var i = channels.Count - 1; i >= 0; i--)
        {
            var outChannels = i == 0 ? image.C : channels[i - 1];
            modules.Add(($"deconv{i}", ConvTranspose2d(channels[i], outChannels, kernel_size: 4, stride: 2, padding: 1)));
            if (i > 0)
            {
                modules.Add(($"relu{i}", ReLU()));
            }
        }

        modules.Add(("flatten", Flatten()));
        _layers = Sequential(modules);
        RegisterComponents();
    }

    // z: (B, L) -> (B, c_last*h*w) -> (B, c_last, h, w) -> ... -> (B, C, H, W) -> (B, C*H*W)
    public override Tensor forward(Tensor z)
        => _layers.call(_project.call(z).view(-1, _feature.C, _feature.H, _feature.W));
}

/// <summary>
/// An autoencoder (deterministic code) or a variational autoencoder (Gaussian posterior): encoder ->
/// (mu, log sigma^2) -> z -> decoder. The decoder returns the likelihood's parameter before any output
/// activation: logits for Bernoulli data, the mean for Gaussian data.
/// </summary>
/// <remarks>
/// The estimators build and train it; it is public so notebooks can show each step of training and
/// decoding with the very modules the estimators use (see <see cref="Create"/> and
/// <see cref="AutoencoderTransformer.Network"/>).
/// </remarks>
public sealed class AutoencoderNetwork : Module<Tensor, (Tensor Output, Tensor Mu, Tensor LogVar)>
{
    private readonly Module<Tensor, Tensor> _encoder;
    private readonly Linear _mu;
    private readonly Linear? _logVar;
    private readonly Module<Tensor, Tensor> _decoder;
    private readonly Tensor? _variance;        // (D): the calibrated Gaussian decoder's variance per feature (a buffer)

    /// <summary>Smallest standard deviation a calibrated Gaussian decoder may reach (a feature reconstructed exactly would drive it to 0).</summary>
    internal const double MinSigma = 1e-3;

    /// <summary>Weight of each training batch in the running variance (as batch normalisation's momentum).</summary>
    private const double VarianceMomentum = 0.1;

    /// <summary>Builds the network a spec describes (weights from torch's global generator; see <see cref="Create"/>).</summary>
    internal AutoencoderNetwork(AutoencoderSpec spec) : base(nameof(AutoencoderNetwork))
    {
        Spec = spec;
        int hidden;
        if (spec.Image is { } image)
        {
            var encoder = new ConvEncoder(image, spec.ConvChannels);
            hidden = encoder.OutputSize;
            _encoder = encoder;
            _decoder = new ConvDecoder(spec.Latent, image, spec.ConvChannels);
        }
        else
        {
            var encoder = new MlpEncoder(spec.InputSize, spec.Hidden);
            hidden = encoder.OutputSize;
            _encoder = encoder;
            _decoder = new MlpDecoder(spec.Latent, spec.Hidden, spec.InputSize);
        }

        _mu = Linear(hidden, spec.Latent);
        _logVar = spec.Variational ? Linear(hidden, spec.Latent) : null;
        if (spec.Likelihood == ReconstructionLikelihood.Gaussian && spec.GaussianSigma is null)
        {
            _variance = ones(spec.InputSize);
            register_buffer("variance", _variance);
        }

        RegisterComponents();
    }

    /// <summary>The architecture.</summary>
    internal AutoencoderSpec Spec { get; }

    /// <summary>The latent dimension L.</summary>
    public int LatentDimension => Spec.Latent;

    /// <summary>The decoder's likelihood.</summary>
    public ReconstructionLikelihood Likelihood => Spec.Likelihood;

    /// <summary>True for a variational autoencoder.</summary>
    public bool IsVariational => Spec.Variational;

    /// <summary>Draws the reparameterisation noise during training (null: torch's global generator).</summary>
    public Generator? NoiseGenerator { get; set; }

    /// <summary>The network the options describe for inputs of <paramref name="inputShape"/>, initialised from <paramref name="seed"/>.</summary>
    /// <remarks>An <see cref="ReconstructionLikelihood.Auto"/> likelihood is taken as Bernoulli here (there is no data to decide from).</remarks>
    public static AutoencoderNetwork Create(AutoencoderOptions options, VectorShape inputShape, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputShape);
        options.Validate();
        var spec = AutoencoderSpec.From(options, inputShape);
        return TorchRandom.Build(seed, () => new AutoencoderNetwork(spec));
    }

    /// <summary>Each parameter's name and shape and the parameter count.</summary>
    public override string ToString() => ModuleSummary.Describe(this);

    /// <summary>Encodes: x <c>(B, D)</c> to mu and log sigma^2, each <c>(B, L)</c>; log sigma^2 is zero for a plain autoencoder.</summary>
    public (Tensor Mu, Tensor LogVar) Encode(Tensor x)
    {
        if (Spec.Likelihood == ReconstructionLikelihood.Multinomial)
        {
            x = functional.normalize(x, p: 2, dim: 1);       // (B, D): a bag of items read as a direction, whatever its size
        }

        if (training && Spec.InputDropout > 0)
        {
            x = functional.dropout(x, Spec.InputDropout, training: true); // (B, D): hide some inputs, reconstruct all
        }

        var h = _encoder.call(x);                             // (B, hidden)
        var mu = _mu.call(h);                                 // (B, L)
        var logVar = _logVar is null ? zeros_like(mu) : _logVar.call(h); // (B, L)
        return (mu, logVar);
    }

    /// <summary>Decodes z <c>(B, L)</c> to <c>(B, D)</c>, before the output activation (see <see cref="ToData"/>).</summary>
    public Tensor Decode(Tensor z) => _decoder.call(z);

    /// <summary>The reparameterisation trick: z = mu + sigma * eps with eps ~ N(0, I), differentiable in mu and sigma.</summary>
    public static Tensor Reparameterize(Tensor mu, Tensor logVar, Generator? generator)
    {
        var std = logVar.Times(0.5).exp();                                                 // (B, L)
        // The private generator lives on the CPU; the noise moves to mu's device.
        var eps = randn(mu.shape, dtype: mu.dtype, generator: generator).to(mu.device); // (B, L)
        return mu.Plus(eps * std);
    }

    /// <summary>Encode, sample z (VAE in training mode; otherwise z = mu), decode: (output, mu, log sigma^2).</summary>
    public override (Tensor Output, Tensor Mu, Tensor LogVar) forward(Tensor x)
    {
        var (mu, logVar) = Encode(x);
        // In training a VAE decodes a sample of q(z|x); a plain autoencoder (and evaluation) decodes mu.
        var z = Spec.Variational && training ? Reparameterize(mu, logVar, NoiseGenerator) : mu;
        return (Decode(z), mu, logVar);
    }

    /// <summary>Maps the decoder's raw output to data space: sigmoid for Bernoulli, identity for Gaussian, softmax over the features for multinomial.</summary>
    public Tensor ToData(Tensor output) => Spec.Likelihood switch
    {
        ReconstructionLikelihood.Bernoulli => output.sigmoid(),
        ReconstructionLikelihood.Multinomial => output.softmax(1),
        _ => output,
    };

    /// <summary>
    /// Per-value negative log-likelihood -log p(x_d|z), in nats, <c>(B, D)</c>: binary cross-entropy for
    /// Bernoulli data; (x - mean)^2 / (2 sigma^2) + log(sigma sqrt(2 pi)) for Gaussian data with fixed sigma;
    /// -x_d log softmax(output)_d for multinomial data (without the multinomial coefficient, which z does not change).
    /// </summary>
    public Tensor ElementwiseNll(Tensor output, Tensor x)
    {
        if (Spec.Likelihood == ReconstructionLikelihood.Bernoulli)
        {
            // With logits this is stable where log(sigmoid) would underflow.
            return functional.binary_cross_entropy_with_logits(output, x, reduction: Reduction.None);
        }

        if (Spec.Likelihood == ReconstructionLikelihood.Multinomial)
        {
            return -(x * output.log_softmax(1));                                                    // (B, D): -x_d log pi_d
        }

        var error = (x - output).Squared();                                                         // (B, D)
        if (_variance is null)
        {
            var sigma = Spec.GaussianSigma ?? 1.0;
            return error.Over(2 * sigma * sigma).Plus(Math.Log(sigma) + (0.5 * Math.Log(2 * Math.PI)));
        }

        // Calibrated decoder: in training each feature's variance is the batch's mean squared error (the
        // maximum-likelihood sigma, Rybkin et al. 2021), and a running average of it serves at inference.
        Tensor variance;
        if (training)
        {
            variance = error.detach().mean([0]).ClampMin(MinSigma * MinSigma);                     // (D)
            using var noGrad = no_grad();
            using var keep = (1 - VarianceMomentum).ToScalar();
            using var momentum = VarianceMomentum.ToScalar();
            _variance.mul_(keep).add_(variance, momentum);
        }
        else
        {
            variance = _variance.ClampMin(MinSigma * MinSigma);                                    // (D)
        }

        return (error / variance.Times(2)).Plus(variance.log().Times(0.5)).Plus(0.5 * Math.Log(2 * Math.PI)); // (B, D)
    }

    /// <summary>The Gaussian decoder's standard deviation per feature, <c>(D)</c> (fixed, or calibrated in training); null for Bernoulli.</summary>
    public float[]? GaussianSigmas()
    {
        if (Spec.Likelihood != ReconstructionLikelihood.Gaussian)
        {
            return null;
        }

        if (_variance is null)
        {
            var fixedSigma = (float)(Spec.GaussianSigma ?? 1.0);
            return Enumerable.Repeat(fixedSigma, Spec.InputSize).ToArray();
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var values = new float[Spec.InputSize];
        TensorIO.CopyTo(_variance.ClampMin(MinSigma * MinSigma).sqrt(), values);
        return values;
    }

    /// <summary>Per-row reconstruction negative log-likelihood -log p(x|z) in nats, <c>(B)</c>.</summary>
    public Tensor ReconstructionNll(Tensor output, Tensor x) => ElementwiseNll(output, x).sum(dim: 1);

    /// <summary>
    /// Per-row KL(q(z|x) || N(0, I)) in closed form (Kingma and Welling 2014, Appendix B):
    /// -1/2 * sum(1 + log sigma^2 - mu^2 - sigma^2).
    /// </summary>
    public static Tensor KlDivergence(Tensor mu, Tensor logVar)
        => (logVar.Plus(1) - mu.Squared() - logVar.exp()).sum(dim: 1).Times(-0.5); // (B)
}
