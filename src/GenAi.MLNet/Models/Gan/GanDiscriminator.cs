// The GAN discriminator, read top to bottom: packing -> an MLP (optionally maxout) or DCGAN stack -> the
// score, with a class projection for conditional GANs. Spectral normalisation and maxout are in Layers/.
//
// References
//   Miyato and Koyama, "cGANs with Projection Discriminator", ICLR 2018: label-conditioned D.
//   Miyato et al., "Spectral Normalization for Generative Adversarial Networks", ICLR 2018.
//   Goodfellow et al., "Maxout Networks", ICML 2013 (the discriminator of the VEEGAN/PacGAN 2-D experiments).
//   Lin, Khetan, Fanti and Oh, "PacGAN: The power of two samples in GANs", NeurIPS 2018: packing.
using System;
using System.Collections.Generic;
using GenAi.MLNet.Core;
using GenAi.MLNet.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.Gan;

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

    /// <summary>Builds the discriminator a spec describes (see <see cref="GanNetworks"/> for the public factory).</summary>
    internal GanDiscriminator(GanSpec spec) : base(nameof(GanDiscriminator))
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
            layers.Add(("lrelu1", new HeldLeakyRelu(0.2)));
            layers.Add(("conv2", sn ? SpectralNormLayer.Conv2d(c, 2 * c, 4, 2, 1) : Conv2d(c, 2 * c, 4, stride: 2, padding: 1)));   // (B, 2c, H/4, W/4)
            layers.Add(("lrelu2", new HeldLeakyRelu(0.2)));
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
                    layers.Add(($"lrelu{i}", new HeldLeakyRelu(0.2)));
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
    internal GanSpec Spec => _spec;

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
        return (logits.Plus((embedded * features).sum(1)), features);
    }

    /// <inheritdoc />
    public override string ToString() => ModuleSummary.Describe(this);
}
