// The GAN networks, read top to bottom: building blocks (spectral normalisation, maxout) -> generators
// (MLP, DCGAN) -> discriminators (MLP, DCGAN) -> the pair, with packing and class conditioning.
//
// References
//   Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014.
//   Radford, Metz and Chintala, "Unsupervised Representation Learning with Deep Convolutional GANs" (DCGAN), ICLR 2016.
//   Mirza and Osindero, "Conditional Generative Adversarial Nets", 2014: label-conditioned G (one-hot input).
//   Miyato and Koyama, "cGANs with Projection Discriminator", ICLR 2018: label-conditioned D.
//   Miyato et al., "Spectral Normalization for Generative Adversarial Networks", ICLR 2018.
//   Goodfellow et al., "Maxout Networks", ICML 2013 (the discriminator of the VEEGAN/PacGAN 2-D experiments).
//   Lin, Khetan, Fanti and Oh, "PacGAN: The power of two samples in GANs", NeurIPS 2018: packing.
using System;
using System.Collections.Generic;
using GenAi.MLNet.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.Gan;

/// <summary>
/// A linear or 2-D convolution layer whose weight is divided by its largest singular value, estimated
/// by one step of power iteration per training forward pass (Miyato et al. 2018), which keeps the layer
/// 1-Lipschitz. TorchSharp has no built-in spectral normalisation.
/// </summary>
public sealed class SpectralNormLayer : Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly Tensor u;          // (out): left singular vector estimate, a buffer
    private readonly long[] _shape;
    private readonly (long Stride, long Padding)? _conv;

    /// <summary>A spectrally normalised <c>Linear(inputs, outputs)</c>.</summary>
    public static SpectralNormLayer Linear(long inputs, long outputs, bool bias = true) => new([outputs, inputs], bias, null);

    /// <summary>A spectrally normalised <c>Conv2d(inputs, outputs, kernel, stride, padding)</c>.</summary>
    public static SpectralNormLayer Conv2d(long inputs, long outputs, long kernel, long stride, long padding, bool bias = true)
        => new([outputs, inputs, kernel, kernel], bias, (stride, padding));

    private SpectralNormLayer(long[] shape, bool hasBias, (long, long)? conv) : base(nameof(SpectralNormLayer))
    {
        _shape = shape;
        _conv = conv;
        var fanIn = 1L;
        for (var i = 1; i < shape.Length; i++)
        {
            fanIn *= shape[i];
        }

        // PyTorch's default initialisation of Linear/Conv2d: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
        var bound = 1.0 / Math.Sqrt(fanIn);
        weight = Parameter(empty(shape).uniform_(-bound, bound));
        bias = hasBias ? Parameter(empty(shape[0]).uniform_(-bound, bound)) : null;
        u = functional.normalize(randn(shape[0]), dim: 0);
        register_buffer("u", u);
        RegisterComponents();
    }

    /// <summary>The raw weight (before normalisation), e.g. to re-initialise it.</summary>
    public Parameter Weight => weight;

    /// <summary>The current estimate of the weight's largest singular value.</summary>
    public double Sigma()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var matrix = weight.view(_shape[0], -1);
        var v = functional.normalize(matrix.t().matmul(u), dim: 0);
        return u.dot(matrix.matmul(v)).item<float>();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        var matrix = weight.view(_shape[0], -1);                              // (out, in*k*k)
        if (training)
        {
            using var noGrad = no_grad();
            var v = functional.normalize(matrix.t().matmul(u), dim: 0);        // (in*k*k)
            u.copy_(functional.normalize(matrix.matmul(v), dim: 0));          // (out)
        }

        using var scope = NewDisposeScope();
        // Clones: a later forward pass updates u in place, and this pass's graph must keep its own copy.
        var uCurrent = u.clone();
        var vCurrent = functional.normalize(matrix.t().matmul(uCurrent), dim: 0).detach();
        var sigma = uCurrent.dot(matrix.matmul(vCurrent));                     // scalar, differentiable in W
        var normalized = weight / sigma;
        var result = _conv is { } c
            ? functional.conv2d(x, normalized, bias, strides: [c.Stride, c.Stride], padding: [c.Padding, c.Padding])
            : functional.linear(x, normalized, bias);
        return result.MoveToOuterDisposeScope();
    }
}

/// <summary>Maxout units (Goodfellow et al. 2013): a linear map to <c>outputs x pieces</c> values and the maximum over each unit's pieces.</summary>
public sealed class Maxout : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _linear;
    private readonly long _outputs;
    private readonly long _pieces;

    /// <summary>Creates maxout units.</summary>
    public Maxout(long inputs, long outputs, long pieces, bool spectralNorm) : base(nameof(Maxout))
    {
        (_outputs, _pieces) = (outputs, pieces);
        _linear = spectralNorm ? SpectralNormLayer.Linear(inputs, outputs * pieces) : nn.Linear(inputs, outputs * pieces);
        RegisterComponents();
    }

    // x: (B, in) -> (B, out * pieces) -> (B, out, pieces) -> max over pieces -> (B, out)
    /// <inheritdoc />
    public override Tensor forward(Tensor x) => _linear.call(x).view(-1, _outputs, _pieces).amax([2]);
}

/// <summary>
/// The generator: noise z (and, for a conditional GAN, a one-hot class) to a data row. The MLP form
/// stacks Linear -> BatchNorm -> ReLU (the VEEGAN/PacGAN generator with 4 x 400); the DCGAN form
/// projects to a (2c, H/4, W/4) map and upsamples with two stride-2 transposed convolutions.
/// </summary>
public sealed class GanGenerator : Module<Tensor, Tensor>
{
    private readonly Sequential _body;
    private readonly GanSpec _spec;

    /// <summary>Builds the generator a spec describes.</summary>
    public GanGenerator(GanSpec spec) : base(nameof(GanGenerator))
    {
        _spec = spec;
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        var input = spec.NoiseDimension + spec.Classes;
        if (spec.Image is { } image)
        {
            var (h, w) = (image.H / 4, image.W / 4);
            var c = spec.GeneratorChannels;
            layers.Add(("project", Linear(input, 2 * c * h * w, hasBias: !spec.BatchNorm)));
            if (spec.BatchNorm)
            {
                layers.Add(("bn0", BatchNorm1d(2 * c * h * w)));
            }

            layers.Add(("relu0", ReLU()));
            layers.Add(("unflatten", Unflatten(1, [2 * c, h, w])));                     // (B, 2c, H/4, W/4)
            layers.Add(("deconv1", ConvTranspose2d(2 * c, c, 4, stride: 2, padding: 1, bias: !spec.BatchNorm))); // (B, c, H/2, W/2)
            if (spec.BatchNorm)
            {
                layers.Add(("bn1", BatchNorm2d(c)));
            }

            layers.Add(("relu1", ReLU()));
            layers.Add(("deconv2", ConvTranspose2d(c, image.C, 4, stride: 2, padding: 1)));        // (B, C, H, W)
            layers.Add(("flatten", Flatten()));                                                    // (B, C*H*W)
        }
        else
        {
            for (var i = 0; i < spec.GeneratorHidden.Length; i++)
            {
                layers.Add(($"fc{i}", Linear(input, spec.GeneratorHidden[i], hasBias: !spec.BatchNorm)));
                if (spec.BatchNorm)
                {
                    layers.Add(($"bn{i}", BatchNorm1d(spec.GeneratorHidden[i])));
                }

                layers.Add(($"relu{i}", ReLU()));
                input = spec.GeneratorHidden[i];
            }

            layers.Add(("out", Linear(input, spec.DataSize)));
        }

        switch (spec.OutputActivation)
        {
            case GanOutputActivation.Sigmoid:
                layers.Add(("sigmoid", Sigmoid()));
                break;
            case GanOutputActivation.Tanh:
                layers.Add(("tanh", Tanh()));
                break;
        }

        _body = Sequential(layers);
        RegisterComponents();
        GanInit.Apply(this, spec.InitStd);
    }

    /// <summary>The architecture.</summary>
    public GanSpec Spec => _spec;

    // z: (B, Z) -> (B, D)
    /// <inheritdoc />
    public override Tensor forward(Tensor z) => _body.call(z);

    /// <summary>Generates rows from noise <c>(B, Z)</c> and, when conditional, zero-based classes <c>(B)</c>.</summary>
    public Tensor Generate(Tensor z, Tensor? labels)
        => call(_spec.Classes > 0 ? cat([z, OneHot(labels ?? throw new ArgumentNullException(nameof(labels)), _spec.Classes, z)], 1) : z);

    internal static Tensor OneHot(Tensor labels, int classes, Tensor like)
        => functional.one_hot(labels, classes).to(like.dtype).to(like.device);

    /// <inheritdoc />
    public override string ToString() => ModuleSummary.Describe(this);
}

/// <summary>
/// The discriminator (or WGAN critic): data rows to one logit per packed sample. The MLP form uses
/// maxout or LeakyReLU(0.2) layers; the DCGAN form two stride-2 convolutions with LeakyReLU(0.2). No
/// batch normalisation, so gradient penalties and spectral normalisation apply. With packing m > 1 the
/// discriminator judges m samples at once (their values concatenated). A conditional discriminator is a
/// projection discriminator: logit = w . phi(x) + b + e(y) . phi(x), with phi the last hidden features and
/// e a learned class embedding.
/// </summary>
public sealed class GanDiscriminator : Module<Tensor, (Tensor Logits, Tensor Features)>
{
    private readonly Sequential _features;
    private readonly Module<Tensor, Tensor> _head;
    private readonly Embedding? _classEmbedding;
    private readonly GanSpec _spec;

    /// <summary>Builds the discriminator a spec describes.</summary>
    public GanDiscriminator(GanSpec spec) : base(nameof(GanDiscriminator))
    {
        _spec = spec;
        var sn = spec.SpectralNorm;
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        long width;
        if (spec.Image is { } image)
        {
            var c = spec.DiscriminatorChannels;
            var input = spec.Pack * image.C;
            layers.Add(("conv1", sn ? SpectralNormLayer.Conv2d(input, c, 4, 2, 1) : Conv2d(input, c, 4, stride: 2, padding: 1)));   // (B, c, H/2, W/2)
            layers.Add(("lrelu1", LeakyReLU(0.2)));
            layers.Add(("conv2", sn ? SpectralNormLayer.Conv2d(c, 2 * c, 4, 2, 1) : Conv2d(c, 2 * c, 4, stride: 2, padding: 1)));   // (B, 2c, H/4, W/4)
            layers.Add(("lrelu2", LeakyReLU(0.2)));
            layers.Add(("flatten", Flatten()));
            width = 2 * c * (image.H / 4) * (image.W / 4);
        }
        else
        {
            long input = spec.Pack * spec.DataSize;
            for (var i = 0; i < spec.DiscriminatorHidden.Length; i++)
            {
                var outputs = spec.DiscriminatorHidden[i];
                if (spec.MaxoutPieces > 1)
                {
                    layers.Add(($"maxout{i}", new Maxout(input, outputs, spec.MaxoutPieces, sn)));
                }
                else
                {
                    layers.Add(($"fc{i}", sn ? SpectralNormLayer.Linear(input, outputs) : Linear(input, outputs)));
                    layers.Add(($"lrelu{i}", LeakyReLU(0.2)));
                }

                input = outputs;
            }

            width = input;
        }

        _features = Sequential(layers);
        _head = sn ? SpectralNormLayer.Linear(width, 1) : Linear(width, 1);
        _classEmbedding = spec.Classes > 0 ? Embedding(spec.Classes, width) : null;
        RegisterComponents();
        GanInit.Apply(this, spec.InitStd);
    }

    /// <summary>The architecture.</summary>
    public GanSpec Spec => _spec;

    /// <summary>Judges already packed inputs of an unconditional discriminator: (logits (B/m), last hidden features (B/m, F)).</summary>
    public override (Tensor Logits, Tensor Features) forward(Tensor packed)
    {
        var features = _features.call(packed);
        return (_head.call(features).view(-1), features);
    }

    /// <summary>
    /// Judges data rows <c>(B, D)</c> with, for a conditional GAN, their classes <c>(B)</c>: packs m
    /// consecutive rows into one sample and returns one logit per packed sample <c>(B/m)</c> and the last
    /// hidden features. The class enters by projection: the packed samples' summed class embeddings
    /// dotted with the features are added to the logit.
    /// </summary>
    public (Tensor Logits, Tensor Features) Judge(Tensor x, Tensor? labels)
    {
        var m = _spec.Pack;
        var rows = x.shape[0] / m * m;
        if (rows != x.shape[0])
        {
            x = x.narrow(0, 0, rows);
            labels = labels?.narrow(0, 0, rows);
        }

        var input = _spec.Image is { } image
            ? x.reshape(rows / m, m * image.C, image.H, image.W)                         // (B/m, mC, H, W)
            : x.reshape(rows / m, m * x.shape[1]);                                         // (B/m, mD)
        var (logits, features) = call(input);
        if (_classEmbedding is null)
        {
            return (logits, features);
        }

        var embedded = _classEmbedding.call(labels ?? throw new ArgumentNullException(nameof(labels), "A conditional discriminator needs labels."))
            .view(rows / m, m, -1).sum(1);                                                 // (B/m, F)
        return (logits + (embedded * features).sum(1), features);
    }

    /// <inheritdoc />
    public override string ToString() => ModuleSummary.Describe(this);
}

/// <summary>Everything needed to rebuild a generator and discriminator pair.</summary>
/// <param name="DataSize">Values per data row, D.</param>
/// <param name="Image">(C, H, W) for the DCGAN form, null for MLPs.</param>
/// <param name="NoiseDimension">Dimension Z of the noise.</param>
/// <param name="Classes">Number of classes for a conditional GAN, 0 otherwise.</param>
/// <param name="GeneratorHidden">MLP generator widths.</param>
/// <param name="DiscriminatorHidden">MLP discriminator widths.</param>
/// <param name="GeneratorChannels">DCGAN generator base channels c.</param>
/// <param name="DiscriminatorChannels">DCGAN discriminator base channels c.</param>
/// <param name="BatchNorm">Batch normalisation in the generator.</param>
/// <param name="MaxoutPieces">Maxout pieces per unit in the MLP discriminator (1 = LeakyReLU).</param>
/// <param name="SpectralNorm">Spectral normalisation of every discriminator layer.</param>
/// <param name="Pack">Packing degree m.</param>
/// <param name="OutputActivation">Generator output activation.</param>
/// <param name="InitStd">Standard deviation of the N(0, s) weight initialisation; 0 keeps PyTorch's default.</param>
public sealed record GanSpec(
    int DataSize, (int C, int H, int W)? Image, int NoiseDimension, int Classes,
    int[] GeneratorHidden, int[] DiscriminatorHidden, int GeneratorChannels, int DiscriminatorChannels,
    bool BatchNorm, int MaxoutPieces, bool SpectralNorm, int Pack, GanOutputActivation OutputActivation, double InitStd);

/// <summary>The DCGAN initialisation: weights ~ N(0, s), biases 0; batch-norm scales ~ N(1, s).</summary>
internal static class GanInit
{
    public static void Apply(nn.Module module, double std)
    {
        if (std <= 0)
        {
            return;
        }

        using var noGrad = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            var isBatchNorm = name.Contains("bn", StringComparison.Ordinal);
            if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                parameter.zero_();
            }
            else if (isBatchNorm)
            {
                parameter.normal_(1.0, std);
            }
            else
            {
                parameter.normal_(0.0, std);
            }
        }
    }
}
