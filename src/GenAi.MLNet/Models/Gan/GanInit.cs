// The GAN networks, read top to bottom: the generator (MLP, DCGAN) -> the discriminator (MLP, DCGAN), with
// packing and class conditioning -> the DCGAN initialisation. Layers shared with other families (spectral
// normalisation, maxout) are in Layers/; the specification and the public factory in GanSpec.cs.
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
using GenAi.MLNet.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.Gan;

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
