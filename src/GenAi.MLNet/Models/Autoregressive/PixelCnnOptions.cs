using System;
using GenAi.MLNet.Training;

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>
/// Options of PixelCNN (van den Oord et al. 2016) on an image column with values in [0, 1]: every value is
/// rounded to the nearest of <see cref="Levels"/> levels (2: binarised at 0.5) and modelled by a softmax.
/// </summary>
public sealed class PixelCnnOptions : TorchTrainerOptions
{
    /// <summary>Creates the options with PixelCNN's training defaults (Adam, rate 1e-3, batch 64, 10 epochs, gradient norm clipped to 1).</summary>
    public PixelCnnOptions()
    {
        LearningRate = 1e-3;
        BatchSize = 64;
        Epochs = 10;
        GradientClipNorm = 1.0;
    }

    /// <summary>The input column: a vector of Single with an image shape (C, H, W) or (H, W), values in [0, 1]. Default <c>"Features"</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>The levels a value takes: 2 models binarised images (a value is 1 when ≥ 0.5), 256 the full 8-bit range. Default 2.</summary>
    public int Levels { get; set; } = 2;

    /// <summary>Feature maps F of the masked convolutions. Default 64.</summary>
    public int Filters { get; set; } = 64;

    /// <summary>Residual blocks after the 7×7 type-A convolution (each: 1×1, masked 3×3 type B, 1×1). Default 5.</summary>
    public int ResidualBlocks { get; set; } = 5;

    /// <summary>Output column: log p(x) in nats per image (Single). Default <c>"LogLikelihood"</c>.</summary>
    public string LogLikelihoodColumnName { get; set; } = "LogLikelihood";

    /// <summary>Output column: −log₂ p(x) per value (Single). Default <c>"BitsPerDimension"</c>.</summary>
    public string BitsPerDimensionColumnName { get; set; } = "BitsPerDimension";

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(FeatureColumnName))
        {
            throw new ArgumentException("FeatureColumnName must name a column.", nameof(FeatureColumnName));
        }

        if (Levels < 2 || Levels > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(Levels), Levels, "Levels must lie in [2, 256].");
        }

        Positive(Filters, nameof(Filters));
        if (ResidualBlocks < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ResidualBlocks), ResidualBlocks, "ResidualBlocks must not be negative.");
        }

        if (string.IsNullOrWhiteSpace(LogLikelihoodColumnName) || string.IsNullOrWhiteSpace(BitsPerDimensionColumnName) || LogLikelihoodColumnName == BitsPerDimensionColumnName)
        {
            throw new ArgumentException("LogLikelihoodColumnName and BitsPerDimensionColumnName must name two different columns.", nameof(LogLikelihoodColumnName));
        }
    }
}
