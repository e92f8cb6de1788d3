using System;
using GenAi.MLNet.Core;
using GenAi.MLNet.Data;

namespace GenAi.MLNet.Models.Gan;

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
/// <param name="OutputActivation">Generator output activation (resolved: never Auto).</param>
/// <param name="InitStd">Standard deviation of the N(0, s) weight initialisation; 0 keeps PyTorch's default.</param>
internal sealed record GanSpec(
    int DataSize, (int C, int H, int W)? Image, int NoiseDimension, int Classes,
    int[] GeneratorHidden, int[] DiscriminatorHidden, int GeneratorChannels, int DiscriminatorChannels,
    bool BatchNorm, int MaxoutPieces, bool SpectralNorm, int Pack, GanOutputActivation OutputActivation, double InitStd)
{
    /// <summary>The networks an options object describes for data of <paramref name="shape"/> and <paramref name="classes"/> classes.</summary>
    public static GanSpec From(GanOptions options, VectorShape shape, int classes)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(shape);
        (int C, int H, int W)? image = null;
        if (options.Architecture == GanArchitecture.Convolutional)
        {
            image = shape.Image ?? throw new ArgumentException(
                $"The convolutional (DCGAN) architecture needs an image shape: column '{options.FeatureColumnName}' has dimensions [{string.Join(", ", shape.Dimensions)}]. " +
                "Declare the shape (e.g. a VectorDataViewType with dimensions (channels, height, width)) or use Architecture = Mlp.", nameof(options));
            if (image.Value.H % 4 != 0 || image.Value.W % 4 != 0)
            {
                throw new ArgumentException($"DCGAN needs height and width divisible by 4; the images are {image.Value.H}x{image.Value.W}. Pad or resize them, or use Architecture = Mlp.", nameof(options));
            }
        }

        var activation = options.OutputActivation == GanOutputActivation.Auto ? GanOutputActivation.Sigmoid : options.OutputActivation;
        return new GanSpec(shape.Size, image, options.NoiseDimension, classes, options.GeneratorHiddenSizes, options.DiscriminatorHiddenSizes,
            options.GeneratorChannels, options.DiscriminatorChannels, options.BatchNorm, options.MaxoutPieces, options.SpectralNorm, options.Pack,
            activation, options.ResolvedInitStd);
    }
}
