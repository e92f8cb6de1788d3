using System;
using GenAi.MLNet.Models.ImageTranslation;

namespace GenAi.MLNet;

/// <summary>Paired image-to-image estimators (super-resolution, pix2pix) on <see cref="GenerativeCatalog"/>.</summary>
public static class ImageTranslationCatalog
{
    /// <summary>
    /// A paired image-to-image translator (a U-Net; pix2pix with <paramref name="adversarialWeight"/> &gt; 0) from
    /// one image column to another of the same size or a whole multiple of it.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="inputColumnName">Input images: a known-size Single vector with image dimensions.</param>
    /// <param name="targetColumnName">Target images: a known-size Single vector with image dimensions (used in training only).</param>
    /// <param name="outputColumnName">Output: the translated images, shaped like the target.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="adversarialWeight">Weight of a PatchGAN's adversarial loss relative to the L1 loss (0: none).</param>
    /// <remarks>
    /// <list type="table">
    /// <listheader><term>Column</term><description>Type</description></listheader>
    /// <item><term>inputColumnName (input)</term><description>known-size vector of Single, dimensions (C, h, w) or (h, w)</description></item>
    /// <item><term>targetColumnName (input, training only)</term><description>known-size vector of Single, dimensions (C', s·h, s·w)</description></item>
    /// <item><term>outputColumnName</term><description>vector of Single, the target's dimensions</description></item>
    /// </list>
    /// </remarks>
    public static ImageTranslationEstimator ImageTranslation(this GenerativeCatalog catalog, string inputColumnName = "Input", string targetColumnName = "Features", string outputColumnName = "Translated", int epochs = 20, double adversarialWeight = 0)
        => ImageTranslation(catalog, new ImageTranslationOptions
        {
            InputColumnName = inputColumnName,
            TargetColumnName = targetColumnName,
            OutputColumnName = outputColumnName,
            Epochs = epochs,
            AdversarialWeight = adversarialWeight,
        });

    /// <summary>A paired image-to-image translator with every option.</summary>
    public static ImageTranslationEstimator ImageTranslation(this GenerativeCatalog catalog, ImageTranslationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageTranslationEstimator(catalog.Context, options);
    }

    /// <summary>
    /// Single-image super-resolution: learns the high-resolution <paramref name="targetColumnName"/> from the
    /// low-resolution <paramref name="inputColumnName"/> (a whole factor smaller, e.g. made with
    /// <c>DownscaleImages</c>) as a correction to bicubic upsampling, with the L2 loss (SRCNN/VDSR) or, with
    /// <paramref name="adversarialWeight"/> &gt; 0, an SRGAN-style adversarial term.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="inputColumnName">Low-resolution images.</param>
    /// <param name="targetColumnName">High-resolution images (training only).</param>
    /// <param name="outputColumnName">Output: the super-resolved images.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="adversarialWeight">Weight of an adversarial loss (0: none, best PSNR).</param>
    public static ImageTranslationEstimator SuperResolution(this GenerativeCatalog catalog, string inputColumnName = "LowResolution", string targetColumnName = "Features", string outputColumnName = "SuperResolved", int epochs = 20, double adversarialWeight = 0)
        => ImageTranslation(catalog, new ImageTranslationOptions
        {
            InputColumnName = inputColumnName,
            TargetColumnName = targetColumnName,
            OutputColumnName = outputColumnName,
            Epochs = epochs,
            AdversarialWeight = adversarialWeight,
            PixelLoss = PixelLoss.L2,
            PredictResidual = true,
        });
}
