using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Plotting;
using GenAi.MLNet.Training;
using Xunit;

namespace GenAi.MLNet.Tests.Plotting;

public class PlotsTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static void AssertPng(PlotImage image, string name)
    {
        Assert.Equal(PngSignature, image.Png[..8]);
        Assert.True(image.Width > 50 && image.Height > 50);
        image.Save(Path.Combine(Path.GetTempPath(), "genai-mlnet-plots", name + ".png"));
    }

    [Fact]
    public void Image_grid_renders_pixels_crisply_at_the_requested_scale()
    {
        var images = TestData.Digits.Images().Take(12).ToArray();
        var batch = new ImageBatch(images, 8, 8, images.Select((_, i) => $"#{i}").ToArray(), "digits", columns: 6);
        var plot = batch.ToPlot(pixelsPerImage: 48);
        AssertPng(plot, "grid");
        // 6 columns of 8 pixels at scale 6 plus padding; two rows plus captions and the title.
        Assert.Equal((6 * ((8 * 6) + 12)) + 12, plot.Width);
    }

    [Fact]
    public void Loss_curves_scatter_histograms_and_roc_render()
    {
        var history = new TrainingHistory { LossNames = ["loss", "kl"] };
        for (var e = 1; e <= 5; e++)
        {
            history.Epochs.Add(new EpochRecord(e, 10.0 / e, 11.0 / e, new System.Collections.Generic.Dictionary<string, double> { ["train/loss"] = 10.0 / e, ["train/kl"] = e }, 1));
        }

        AssertPng(Plots.LossCurves(history), "loss");
        var points = Enumerable.Range(0, 100).Select(i => new float[] { MathF.Cos(i), MathF.Sin(i) }).ToArray();
        AssertPng(Plots.Scatter2D(points, points.Select((_, i) => i % 3).ToArray(), ["a", "b", "c"]), "scatter");
        var a = Enumerable.Range(0, 200).Select(i => (float)Math.Sin(i) * 2).ToArray();
        var b = Enumerable.Range(0, 200).Select(i => 1 + (float)Math.Cos(i)).ToArray();
        AssertPng(Plots.ScoreHistograms(a, "a", b, "b"), "hist");
        var roc = RocCurve.Compute([.. a, .. b], [.. a.Select(_ => false), .. b.Select(_ => true)]);
        AssertPng(Plots.RocCurves([("b vs a", roc.FalsePositiveRate, roc.TruePositiveRate, roc.Auc)]), "roc");
    }

    [Fact]
    public void A_heatmap_renders_and_checks_its_labels()
    {
        // A lower-triangular matrix (attention of a causal model): the top-left cell bright, the top-right dark.
        var values = Enumerable.Range(0, 4).Select(r => Enumerable.Range(0, 4).Select(c => c <= r ? 1f / (r + 1) : 0f).ToArray()).ToArray();
        string[] labels = ["⏎", "a", " ", "b"];
        var image = Plots.Heatmap(values, labels, labels, "attention");
        AssertPng(image, "heatmap");
        Assert.Throws<ArgumentException>(() => Plots.Heatmap(values, labels[..3], labels));
    }
}
