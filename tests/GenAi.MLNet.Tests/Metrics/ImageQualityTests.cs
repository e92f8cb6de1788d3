using System;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Metrics;
using Xunit;

namespace GenAi.MLNet.Tests.Metrics;

public sealed class ImageQualityTests
{
    private static readonly VectorShape Shape = VectorShape.ForImage(1, 16, 16);

    [Fact]
    public void Psnr_matches_its_definition()
    {
        var a = new float[256];
        var b = Enumerable.Repeat(0.1f, 256).ToArray();            // MSE 0.01 → 20 dB at range 1
        Assert.Equal(20, ImageQuality.Psnr(b, a), 4);
        Assert.Equal(20 + (20 * Math.Log10(255)), ImageQuality.Psnr(b, a, dataRange: 255), 4);
        Assert.Equal(ImageQuality.MaxPsnr, ImageQuality.Psnr(a, a));
    }

    [Fact]
    public void Ssim_of_flat_images_has_its_closed_form_and_an_image_scores_one_against_itself()
    {
        var (x, y) = (0.6, 0.3);
        var c1 = Math.Pow(0.01, 2);
        var expected = ((2 * x * y) + c1) / ((x * x) + (y * y) + c1);     // no variance: only the luminance term is left
        var flatX = Enumerable.Repeat((float)x, 256).ToArray();
        var flatY = Enumerable.Repeat((float)y, 256).ToArray();
        Assert.Equal(expected, ImageQuality.Ssim(flatX, flatY, Shape), 4);

        var image = TestData.Digits.Image(0);
        Assert.Equal(1, ImageQuality.Ssim(image, image, VectorShape.ForImage(1, 8, 8)), 9);
    }

    [Fact]
    public void Ssim_falls_as_noise_grows_and_ignores_nothing_structural()
    {
        var digit = TestData.Mnist.Image(0);
        var shape = TestData.Mnist.Shape;
        var random = new Random(1);
        var noise = digit.Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var scores = new[] { 0.05f, 0.1f, 0.2f, 0.4f }.Select(s => ImageQuality.Ssim(digit.Zip(noise, (d, n) => d + (s * n)).ToArray(), digit, shape)).ToArray();
        Assert.True(scores.Zip(scores.Skip(1)).All(p => p.First > p.Second), string.Join(", ", scores));
        var inverted = digit.Select(v => 1 - v).ToArray();
        Assert.True(ImageQuality.Ssim(inverted, digit, shape) < 0, "an inverted digit is anti-correlated with it");
    }

    [Fact]
    public void Mismatched_inputs_are_reported()
    {
        Assert.Throws<ArgumentException>(() => ImageQuality.Psnr(new float[3], new float[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageQuality.Psnr(new float[3], new float[3], dataRange: 0));
        Assert.Throws<ArgumentException>(() => ImageQuality.Ssim(new float[10], new float[10], new VectorShape(10, [10])));
        Assert.Throws<ArgumentException>(() => ImageQuality.Evaluate([new float[4]], [], VectorShape.ForImage(1, 2, 2)));
    }
}
