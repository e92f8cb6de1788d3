using System;
using GenAi.MLNet.Training;

namespace GenAi.MLNet.Models.ImageTranslation;

/// <summary>The per-pixel loss between the translated image and the target.</summary>
public enum PixelLoss
{
    /// <summary>Mean absolute error (pix2pix): less blurry than L2, robust to outlier pixels.</summary>
    L1,

    /// <summary>Mean squared error (SRCNN): maximises PSNR directly, but averages plausible outputs into blur.</summary>
    L2,
}

/// <summary>
/// Options of the paired image-to-image translator: a U-Net (Ronneberger et al. 2015) that maps an input image
/// column to a target image column of the same or an integer-multiple size — super-resolution (SRCNN, Dong et al.
/// 2014; SRGAN, Ledig et al. 2017) when the input is smaller, pix2pix (Isola et al. 2017) when it is another kind
/// of image (edges, masks, sketches). A smaller input is first upsampled bicubically; the network then predicts
/// the correction (<see cref="PredictResidual"/>). With <see cref="AdversarialWeight"/> &gt; 0 a conditional
/// PatchGAN discriminator is trained alongside and its loss is added, which trades a little PSNR for sharper detail.
/// </summary>
public sealed class ImageTranslationOptions : TorchTrainerOptions
{
    /// <summary>Creates the options with the translator's defaults (Adam, rate 1e-3, batch 64, 20 epochs, beta1 0.5 as in pix2pix).</summary>
    public ImageTranslationOptions()
    {
        LearningRate = 1e-3;
        BatchSize = 64;
        Epochs = 20;
        AdamBeta1 = 0.5;
    }

    /// <summary>Input: a known-size vector of Single with image dimensions (C, H, W) or (H, W), e.g. a low-resolution image or an edge map. Default <c>"Input"</c>.</summary>
    public string InputColumnName { get; set; } = "Input";

    /// <summary>Target: a known-size vector of Single with image dimensions; its height and width must equal the input's times the same whole factor (1, 2, 3, …). Default <c>"Features"</c>.</summary>
    public string TargetColumnName { get; set; } = "Features";

    /// <summary>Output column: the translated image, shaped like the target. Default <c>"Translated"</c>.</summary>
    public string OutputColumnName { get; set; } = "Translated";

    /// <summary>Filters of the U-Net's first level; each lower level doubles them. Default 32.</summary>
    public int Filters { get; set; } = 32;

    /// <summary>Downsampling levels of the U-Net (each halves height and width; inputs are padded to a multiple of 2^Depth and the output cropped back). Default 2.</summary>
    public int Depth { get; set; } = 2;

    /// <summary>
    /// Predict the difference to the (bicubically upsampled) input rather than the image itself (VDSR, Kim et al. 2016):
    /// the network starts from the baseline and only learns the missing detail. Needs as many input as target channels; ignored otherwise. Default true.
    /// </summary>
    public bool PredictResidual { get; set; } = true;

    /// <summary>The per-pixel loss. Default <see cref="PixelLoss.L1"/>.</summary>
    public PixelLoss PixelLoss { get; set; } = PixelLoss.L1;

    /// <summary>
    /// Weight of the adversarial loss from a conditional PatchGAN discriminator relative to the pixel loss (pix2pix uses
    /// 1 against λ_L1 = 100, i.e. 0.01 here). Default 0: no discriminator, a pure regression model.
    /// </summary>
    public double AdversarialWeight { get; set; }

    /// <summary>Clamp translated pixels to the range of the training targets (e.g. [0, 1]). Default true.</summary>
    public bool ClampToTargetRange { get; set; } = true;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(InputColumnName))
        {
            throw new ArgumentException("InputColumnName must name a column.", nameof(InputColumnName));
        }

        if (string.IsNullOrWhiteSpace(TargetColumnName))
        {
            throw new ArgumentException("TargetColumnName must name a column.", nameof(TargetColumnName));
        }

        if (string.IsNullOrWhiteSpace(OutputColumnName))
        {
            throw new ArgumentException("OutputColumnName must name a column.", nameof(OutputColumnName));
        }

        if (string.Equals(InputColumnName, TargetColumnName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"InputColumnName and TargetColumnName are both '{InputColumnName}': a translator learns one image from another column.", nameof(TargetColumnName));
        }

        Positive(Filters, nameof(Filters));
        if (Depth is < 0 or > 6)
        {
            throw new ArgumentOutOfRangeException(nameof(Depth), Depth, "Depth must lie in [0, 6].");
        }

        if (!Enum.IsDefined(PixelLoss))
        {
            throw new ArgumentOutOfRangeException(nameof(PixelLoss), PixelLoss, "Unknown pixel loss.");
        }

        if (!(AdversarialWeight >= 0) || double.IsInfinity(AdversarialWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(AdversarialWeight), AdversarialWeight, "AdversarialWeight must be non-negative and finite (0 turns the discriminator off).");
        }
    }
}
