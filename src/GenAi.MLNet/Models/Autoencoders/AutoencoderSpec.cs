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

/// <summary>Everything needed to rebuild an <see cref="AutoencoderNetwork"/>.</summary>
/// <param name="InputSize">Values per row, D.</param>
/// <param name="Image">(C, H, W) for the convolutional networks, null for MLPs.</param>
/// <param name="Hidden">MLP hidden widths, encoder order.</param>
/// <param name="ConvChannels">Convolution channels, encoder order.</param>
/// <param name="Latent">Latent dimension, L.</param>
/// <param name="Variational">VAE (true) or plain autoencoder.</param>
/// <param name="Likelihood">Reconstruction likelihood (Bernoulli, Gaussian or multinomial).</param>
/// <param name="GaussianSigma">Fixed observation noise for the Gaussian likelihood; null: learned per feature.</param>
/// <param name="InputDropout">Dropout on the encoder's input in training.</param>
internal sealed record AutoencoderSpec(
    int InputSize, (int C, int H, int W)? Image, int[] Hidden, int[] ConvChannels, int Latent,
    bool Variational, ReconstructionLikelihood Likelihood, double? GaussianSigma, double InputDropout = 0)
{
    /// <summary>The network an options object describes for inputs of <paramref name="shape"/>; checks the image shape for the convolutional form.</summary>
    public static AutoencoderSpec From(AutoencoderOptions options, VectorShape shape)
    {
        (int C, int H, int W)? image = null;
        if (options.Architecture == AutoencoderArchitecture.Convolutional)
        {
            image = shape.Image ?? throw new ArgumentException(
                $"The convolutional architecture needs an image shape: column '{options.FeatureColumnName}' has dimensions [{string.Join(", ", shape.Dimensions)}]. " +
                "Declare the shape (e.g. new VectorDataViewType(NumberDataViewType.Single, channels, height, width), or [VectorType(c, h, w)]) or use Architecture = Mlp.", nameof(options));
            var scale = 1 << options.ConvChannels.Length;
            if (image.Value.H % scale != 0 || image.Value.W % scale != 0)
            {
                throw new ArgumentException(
                    $"ConvChannels has {options.ConvChannels.Length} stages, so height and width must be divisible by {scale}; the images are {image.Value.H}x{image.Value.W}. " +
                    "Use fewer stages, or pad or resize the images.", nameof(options));
            }
        }

        var likelihood = options.Likelihood == ReconstructionLikelihood.Auto ? ReconstructionLikelihood.Bernoulli : options.Likelihood;
        return new AutoencoderSpec(shape.Size, image, options.HiddenSizes, options.ConvChannels, options.LatentDimension,
            options.IsVariational, likelihood, options.GaussianSigma, options.InputDropout);
    }
}
