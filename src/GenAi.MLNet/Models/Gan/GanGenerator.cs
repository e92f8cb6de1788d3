// The GAN generator, read top to bottom: noise (and a class) -> an MLP or DCGAN stack -> the output activation.
//
// References
//   Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014.
//   Radford, Metz and Chintala, "Unsupervised Representation Learning with Deep Convolutional GANs" (DCGAN), ICLR 2016.
//   Mirza and Osindero, "Conditional Generative Adversarial Nets", 2014: label-conditioned G (one-hot input).
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
/// The generator: noise z (and, for a conditional GAN, a one-hot class) to a data row. The MLP form
/// stacks Linear -> BatchNorm -> ReLU (the VEEGAN/PacGAN generator with 4 x 400); the DCGAN form
/// projects to a (2c, H/4, W/4) map and upsamples with two stride-2 transposed convolutions.
/// </summary>
public sealed class GanGenerator : Module<Tensor, Tensor>
{
    private readonly Sequential _body;
    private readonly GanSpec _spec;

    /// <summary>Builds the generator a spec describes (see <see cref="GanNetworks"/> for the public factory).</summary>
    internal GanGenerator(GanSpec spec) : base(nameof(GanGenerator))
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
                layers.Add(("bn0", new HeldBatchNorm(2 * c * h * w, 1)));
            }

            layers.Add(("relu0", ReLU()));
            layers.Add(("unflatten", Unflatten(1, [2 * c, h, w])));                     // (B, 2c, H/4, W/4)
            layers.Add(("deconv1", ConvTranspose2d(2 * c, c, 4, stride: 2, padding: 1, bias: !spec.BatchNorm))); // (B, c, H/2, W/2)
            if (spec.BatchNorm)
            {
                layers.Add(("bn1", new HeldBatchNorm(c, 2)));
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
                    layers.Add(($"bn{i}", new HeldBatchNorm(spec.GeneratorHidden[i], 1)));
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
    internal GanSpec Spec => _spec;

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
