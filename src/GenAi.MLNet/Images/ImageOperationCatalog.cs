using System;
using GenAi.MLNet.Images;

namespace GenAi.MLNet;

/// <summary>Image resampling and edge detection on <see cref="GenerativeCatalog"/>: the inputs of super-resolution and image-to-image translation, and their classic baselines.</summary>
public static class ImageOperationCatalog
{
    /// <summary>Area downsampling: each <paramref name="factor"/>×<paramref name="factor"/> block of pixels becomes its mean.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="outputColumnName">Output: the smaller images (C, H/factor, W/factor).</param>
    /// <param name="inputColumnName">Input: a known-size Single vector with image dimensions; the factor must divide H and W.</param>
    /// <param name="factor">The factor.</param>
    public static ImageOperationEstimator DownscaleImages(this GenerativeCatalog catalog, string outputColumnName, string inputColumnName = "Features", int factor = 2)
        => TransformImages(catalog, new ImageOperationOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Operation = ImageOperation.Downscale, Factor = factor });

    /// <summary>Bicubic upsampling by <paramref name="factor"/> (the super-resolution baseline), clamped to each image's value range.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="outputColumnName">Output: the larger images (C, H·factor, W·factor).</param>
    /// <param name="inputColumnName">Input: a known-size Single vector with image dimensions.</param>
    /// <param name="factor">The factor.</param>
    public static ImageOperationEstimator UpscaleImages(this GenerativeCatalog catalog, string outputColumnName, string inputColumnName = "Features", int factor = 2)
        => TransformImages(catalog, new ImageOperationOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Operation = ImageOperation.Upscale, Factor = factor });

    /// <summary>A binary edge map (1, H, W): Sobel gradient magnitude above <paramref name="threshold"/> × the image's largest magnitude.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="outputColumnName">Output: the edge maps.</param>
    /// <param name="inputColumnName">Input: a known-size Single vector with image dimensions.</param>
    /// <param name="threshold">Fraction of the largest gradient magnitude, in (0, 1).</param>
    public static ImageOperationEstimator DetectEdges(this GenerativeCatalog catalog, string outputColumnName, string inputColumnName = "Features", double threshold = 0.25)
        => TransformImages(catalog, new ImageOperationOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Operation = ImageOperation.Edges, EdgeThreshold = threshold });

    /// <summary>An image operation with every option.</summary>
    public static ImageOperationEstimator TransformImages(this GenerativeCatalog catalog, ImageOperationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageOperationEstimator(options);
    }
}
