using System;

namespace GenAi.MLNet.Images;

/// <summary>Options of an image operation (resampling or edge detection) on a known-size image column.</summary>
public sealed class ImageOperationOptions
{
    /// <summary>Input: a known-size vector of Single with image dimensions (C, H, W) or (H, W). Default <c>"Features"</c>.</summary>
    public string InputColumnName { get; set; } = "Features";

    /// <summary>Output column: the new image, with dimensions (C, H', W'). Required.</summary>
    public string OutputColumnName { get; set; } = "";

    /// <summary>The operation. Default <see cref="ImageOperation.Downscale"/>.</summary>
    public ImageOperation Operation { get; set; } = ImageOperation.Downscale;

    /// <summary>The resampling factor of <see cref="ImageOperation.Downscale"/> and <see cref="ImageOperation.Upscale"/> (height and width divide by or multiply by it). Default 2.</summary>
    public int Factor { get; set; } = 2;

    /// <summary>For <see cref="ImageOperation.Edges"/>: the fraction of the image's largest gradient magnitude above which a pixel is an edge. Default 0.25.</summary>
    public double EdgeThreshold { get; set; } = 0.25;

    /// <summary>Checks every option; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputColumnName))
        {
            throw new ArgumentException("InputColumnName must name a column.", nameof(InputColumnName));
        }

        if (string.IsNullOrWhiteSpace(OutputColumnName))
        {
            throw new ArgumentException("OutputColumnName must name a column.", nameof(OutputColumnName));
        }

        if (!Enum.IsDefined(Operation))
        {
            throw new ArgumentOutOfRangeException(nameof(Operation), Operation, "Unknown image operation.");
        }

        if (Factor is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(Factor), Factor, "Factor must lie in [1, 16].");
        }

        if (!(EdgeThreshold > 0 && EdgeThreshold < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(EdgeThreshold), EdgeThreshold, "EdgeThreshold must lie in (0, 1).");
        }
    }
}
