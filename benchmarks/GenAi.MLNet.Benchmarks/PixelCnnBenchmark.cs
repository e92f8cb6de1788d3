using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Autoencoders;
using GenAi.MLNet.Models.Autoregressive;
using GenAi.MLNet.Plotting;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Benchmarks;

/// <summary>
/// PixelCNN against the VAE on binarised MNIST-10k (threshold 0.5; the VAE benchmark's split: first 8,000 images
/// to train, last 2,000 to test): the exact test NLL of the autoregressive model against the VAE's bound
/// (−ELBO, 784-400-20 as in the VAE benchmark), with training times, and a grid of PixelCNN samples.
/// </summary>
internal static class PixelCnnBenchmark
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public sealed record Settings(int Epochs, int VaeEpochs, int[] Seeds, int Threads, int Filters, int Blocks, int Samples);

    public static void Run(string root, Settings settings)
    {
        var mnist = ImageDatasets.Mnist(Path.Combine(root, "data")).Binarized();
        var train = mnist.Select(Enumerable.Range(0, 8000).ToArray()).ToDataView();
        var test = mnist.Select(Enumerable.Range(8000, 2000).ToArray()).ToDataView();
        var ink = mnist.Select(Enumerable.Range(0, 8000).ToArray()).Images().SelectMany(i => i).Average();
        var independent = -784 * ((ink * Math.Log(ink)) + ((1 - ink) * Math.Log(1 - ink)));
        var rows = new List<(int Seed, double PixelNll, double PixelSeconds, double VaeElbo, double VaeSeconds, double SampleSeconds)>();
        var results = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        foreach (var seed in settings.Seeds)
        {
            var ml = new MLContext(seed);
            var watch = Stopwatch.StartNew();
            using var pixelCnn = ml.Generative().PixelCnn(new PixelCnnOptions
            {
                Epochs = settings.Epochs, Filters = settings.Filters, ResidualBlocks = settings.Blocks, NumberOfThreads = settings.Threads, Seed = seed,
            }).Fit(train);
            var pixelSeconds = watch.Elapsed.TotalSeconds;
            var nll = -pixelCnn.Transform(test).GetColumn<float>("LogLikelihood").Average();
            watch.Restart();
            using var vae = ml.Generative().Vae(new VaeOptions { Epochs = settings.VaeEpochs, NumberOfThreads = settings.Threads, Seed = seed }).Fit(train);
            var vaeSeconds = watch.Elapsed.TotalSeconds;
            var elbo = vae.Transform(test).GetColumn<float>("NegativeElbo").Average();
            watch.Restart();
            var samples = pixelCnn.Sample(settings.Samples, seed: seed);
            var sampleSeconds = watch.Elapsed.TotalSeconds;
            if (seed == settings.Seeds[0])
            {
                Plots.ImageGrid(ImageBatch.FromDataView(samples, count: settings.Samples, title: "PixelCNN samples, binarised MNIST")).Save(Path.Combine(results, "pixelcnn-samples.png"));
            }

            rows.Add((seed, nll, pixelSeconds, elbo, vaeSeconds, sampleSeconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seed {seed}: PixelCNN test NLL {nll:F2} nats ({pixelSeconds:F0} s); VAE −ELBO {elbo:F2} nats ({vaeSeconds:F0} s); {settings.Samples} samples in {sampleSeconds:F1} s"));
        }

        File.WriteAllText(Path.Combine(results, "pixelcnn-mnist.json"), JsonSerializer.Serialize(rows.Select(r => new { r.Seed, r.PixelNll, r.PixelSeconds, r.VaeElbo, r.VaeSeconds, r.SampleSeconds }), s_indented));
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Binarised MNIST-10k (threshold 0.5; first 8,000 images train, last 2,000 test, the VAE benchmark's split); PixelCNN: 7×7 type-A masked convolution, {settings.Blocks} residual blocks of {settings.Filters} filters (1×1, masked 3×3 type B, 1×1), Adam 1e-3, batch 64, gradient norm ≤ 1, {settings.Epochs} epochs; VAE: 784-400-20 MLP, Bernoulli likelihood, Adam 1e-3, batch 128, {settings.VaeEpochs} epochs; seeds {string.Join(", ", settings.Seeds)}; {settings.Threads} thread(s); {DateTime.UtcNow:yyyy-MM-dd}.");
        md.AppendLine();
        md.AppendLine("| model | test NLL, nats per image | bits per pixel | training s | seeds |");
        md.AppendLine("|---|---|---|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| PixelCNN (exact −log p) | {rows.Average(r => r.PixelNll):F2}{(rows.Count > 1 ? $" (± {Sd(rows.Select(r => r.PixelNll)):F2})" : "")} | {rows.Average(r => r.PixelNll) / 784 / Math.Log(2):F3} | {rows.Average(r => r.PixelSeconds):F0} | {rows.Count} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| VAE (−ELBO, an upper bound on −log p) | {rows.Average(r => r.VaeElbo):F2}{(rows.Count > 1 ? $" (± {Sd(rows.Select(r => r.VaeElbo)):F2})" : "")} | {rows.Average(r => r.VaeElbo) / 784 / Math.Log(2):F3} | {rows.Average(r => r.VaeSeconds):F0} | {rows.Count} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| independent pixels at the training ink ({ink:P1}) | {independent:F2} | {independent / 784 / Math.Log(2):F3} | — | — |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Sampling {settings.Samples} images takes {rows.Average(r => r.SampleSeconds):F1} s (784 network passes). Samples: `pixelcnn-samples.png`.");
        File.WriteAllText(Path.Combine(results, "pixelcnn-mnist.md"), md.ToString());
        Console.WriteLine(md);
    }

    private static double Sd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length < 2)
        {
            return 0;
        }

        var mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
    }
}
