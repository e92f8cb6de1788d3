using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Data;
using Microsoft.ML;

namespace GenAi.MLNet.Metrics;

/// <summary>Full-reference image quality of translated or super-resolved images against their originals, averaged over images.</summary>
/// <param name="Images">Images compared.</param>
/// <param name="Psnr">Mean peak signal-to-noise ratio, dB: 10 log10(range² / MSE) per image (an exact match counts as 100 dB). Higher is better.</param>
/// <param name="Ssim">Mean structural similarity (Wang et al. 2004) in [−1, 1]: local means, contrasts and correlation in an 11×11 Gaussian window (σ 1.5). Higher is better.</param>
/// <param name="MeanAbsoluteError">Mean absolute per-pixel error.</param>
public sealed record ImageQualityScores(int Images, double Psnr, double Ssim, double MeanAbsoluteError);

/// <summary>PSNR and SSIM, the standard full-reference scores of super-resolution and image-to-image translation.</summary>
public static class ImageQuality
{
    /// <summary>Exact matches score this many dB (PSNR is infinite there).</summary>
    public const double MaxPsnr = 100;

    /// <summary>Peak signal-to-noise ratio of one image against its reference, dB.</summary>
    /// <param name="image">The image, flat.</param>
    /// <param name="reference">The reference, flat, of the same length.</param>
    /// <param name="dataRange">The largest possible value minus the smallest (1 for pixels in [0, 1], 255 for bytes).</param>
    public static double Psnr(ReadOnlySpan<float> image, ReadOnlySpan<float> reference, double dataRange = 1)
    {
        CheckPair(image.Length, reference.Length, dataRange);
        double sum = 0;
        for (var i = 0; i < image.Length; i++)
        {
            var d = (double)image[i] - reference[i];
            sum += d * d;
        }

        var mse = sum / image.Length;
        return mse <= 0 ? MaxPsnr : Math.Min(MaxPsnr, 10 * Math.Log10(dataRange * dataRange / mse));
    }

    /// <summary>
    /// Structural similarity of one image against its reference (Wang, Bovik, Sheikh and Simoncelli 2004): the mean over
    /// window positions (wholly inside the image) and channels of
    /// (2 μx μy + C1)(2 σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)), C1 = (0.01 L)², C2 = (0.03 L)², with an 11×11
    /// Gaussian window of σ 1.5 (smaller for images under 11 pixels).
    /// </summary>
    /// <param name="image">The image, flat in (C, H, W) order.</param>
    /// <param name="reference">The reference, same shape.</param>
    /// <param name="shape">The image shape.</param>
    /// <param name="dataRange">The value range L.</param>
    public static double Ssim(ReadOnlySpan<float> image, ReadOnlySpan<float> reference, VectorShape shape, double dataRange = 1)
    {
        ArgumentNullException.ThrowIfNull(shape);
        CheckPair(image.Length, reference.Length, dataRange);
        var (c, h, w) = shape.Image ?? throw new ArgumentException($"The shape [{string.Join(", ", shape.Dimensions)}] is not an image shape.", nameof(shape));
        if (image.Length != shape.Size)
        {
            throw new ArgumentException($"The image has {image.Length} values; the shape holds {shape.Size}.", nameof(image));
        }

        var window = Math.Min(11, Math.Min(h, w));
        window -= 1 - (window % 2);                                                              // odd
        var kernel = GaussianKernel(window, 1.5);
        var (c1, c2) = (Math.Pow(0.01 * dataRange, 2), Math.Pow(0.03 * dataRange, 2));
        var (oh, ow) = (h - window + 1, w - window + 1);
        var maps = new double[5][];
        for (var m = 0; m < 5; m++)
        {
            maps[m] = new double[oh * ow];
        }

        var rowPass = new double[5][];
        for (var m = 0; m < 5; m++)
        {
            rowPass[m] = new double[h * ow];
        }

        double total = 0;
        for (var ch = 0; ch < c; ch++)
        {
            var x = image.Slice(ch * h * w, h * w);
            var y = reference.Slice(ch * h * w, h * w);
            for (var r = 0; r < h; r++)                                                          // horizontal pass: x, y, x², y², xy
            {
                for (var j = 0; j < ow; j++)
                {
                    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                    for (var k = 0; k < window; k++)
                    {
                        double a = x[(r * w) + j + k], b = y[(r * w) + j + k], g = kernel[k];
                        sx += g * a;
                        sy += g * b;
                        sxx += g * a * a;
                        syy += g * b * b;
                        sxy += g * a * b;
                    }

                    var at = (r * ow) + j;
                    (rowPass[0][at], rowPass[1][at], rowPass[2][at], rowPass[3][at], rowPass[4][at]) = (sx, sy, sxx, syy, sxy);
                }
            }

            for (var m = 0; m < 5; m++)                                                          // vertical pass
            {
                for (var i = 0; i < oh; i++)
                {
                    for (var j = 0; j < ow; j++)
                    {
                        double s = 0;
                        for (var k = 0; k < window; k++)
                        {
                            s += kernel[k] * rowPass[m][((i + k) * ow) + j];
                        }

                        maps[m][(i * ow) + j] = s;
                    }
                }
            }

            double sum = 0;
            for (var p = 0; p < oh * ow; p++)
            {
                double mx = maps[0][p], my = maps[1][p];
                var vx = maps[2][p] - (mx * mx);
                var vy = maps[3][p] - (my * my);
                var cov = maps[4][p] - (mx * my);
                sum += ((2 * mx * my) + c1) * ((2 * cov) + c2) / (((mx * mx) + (my * my) + c1) * (vx + vy + c2));
            }

            total += sum / (oh * ow);
        }

        return total / c;
    }

    /// <summary>Mean PSNR, SSIM and absolute error of images against references (same count, same shape).</summary>
    public static ImageQualityScores Evaluate(IReadOnlyList<float[]> images, IReadOnlyList<float[]> references, VectorShape shape, double dataRange = 1)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(shape);
        if (images.Count != references.Count)
        {
            throw new ArgumentException($"{images.Count} images but {references.Count} references.", nameof(references));
        }

        if (images.Count == 0)
        {
            throw new ArgumentException("There are no images to compare.", nameof(images));
        }

        double psnr = 0, ssim = 0, mae = 0;
        for (var i = 0; i < images.Count; i++)
        {
            psnr += Psnr(images[i], references[i], dataRange);
            ssim += Ssim(images[i], references[i], shape, dataRange);
            mae += images[i].Zip(references[i], (a, b) => Math.Abs((double)a - b)).Average();
        }

        var n = images.Count;
        return new ImageQualityScores(n, psnr / n, ssim / n, mae / n);
    }

    /// <summary>
    /// Mean PSNR, SSIM and absolute error of the image column <paramref name="imageColumnName"/> against
    /// <paramref name="referenceColumnName"/> over the rows of <paramref name="data"/> (e.g. a translator's output and the original images).
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing, not an image vector, or the two shapes differ (named).</exception>
    public static ImageQualityScores Evaluate(IDataView data, string imageColumnName, string referenceColumnName, double dataRange = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        var shape = FeatureInput.ShapeOf(data.Schema, imageColumnName);
        var referenceShape = FeatureInput.ShapeOf(data.Schema, referenceColumnName);
        if (shape.Image is null || referenceShape.Image != shape.Image)
        {
            throw new ArgumentException(
                $"Column '{imageColumnName}' [{string.Join(", ", shape.Dimensions)}] and column '{referenceColumnName}' [{string.Join(", ", referenceShape.Dimensions)}] must be images of the same shape.", nameof(data));
        }

        var block = RowBlocks.ReadAll(data, [new FeatureInput(imageColumnName, shape), new FeatureInput(referenceColumnName, referenceShape)]);
        var images = Enumerable.Range(0, block.Rows).Select(r => block.Floats(0).Row(r).ToArray()).ToArray();
        var references = Enumerable.Range(0, block.Rows).Select(r => block.Floats(1).Row(r).ToArray()).ToArray();
        return Evaluate(images, references, shape, dataRange);
    }

    private static double[] GaussianKernel(int size, double sigma)
    {
        var half = size / 2;
        var kernel = Enumerable.Range(-half, size).Select(i => Math.Exp(-(i * i) / (2 * sigma * sigma))).ToArray();
        var sum = kernel.Sum();
        return kernel.Select(k => k / sum).ToArray();
    }

    private static void CheckPair(int imageLength, int referenceLength, double dataRange)
    {
        if (imageLength != referenceLength || imageLength == 0)
        {
            throw new ArgumentException($"The image has {imageLength} values and the reference {referenceLength}: they must be the same, non-zero size.", nameof(referenceLength));
        }

        if (!(dataRange > 0) || double.IsInfinity(dataRange))
        {
            throw new ArgumentOutOfRangeException(nameof(dataRange), dataRange, "dataRange must be positive and finite.");
        }
    }
}
