using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GenAi.MLNet.Data;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Models.Diffusion;
using GenAi.MLNet.Plotting;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Benchmarks;

/// <summary>
/// Diffusion (DDPM with the U-Net denoiser, DDIM sampling) on MNIST-10k under the GAN image benchmark's protocol:
/// first 8,000 images train, last 2,000 test, a CNN classifier trained on the training split as the feature extractor
/// and judge, 1,000 samples, classifier-feature Fréchet distance to the test split — so the figures sit beside the
/// DCGAN's, the conditional DCGAN's and the convolutional VAE's. One model per training budget (e.g. one as long as the
/// DCGAN's run and a longer one), each sampled with several numbers of DDIM steps.
/// </summary>
internal static class DiffusionImagesBenchmark
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public sealed record Settings(long[] Steps, int Filters, int Threads, int Samples, int[] SamplingSteps, int Seed);

    private sealed record Row(long Steps, double TrainSeconds, double FinalLoss, int SamplingSteps, double SampleSeconds, double FrechetDistance, double MinClassShare, int ClassesAbove3Percent);

    public static void Run(string root, Settings settings)
    {
        var mnist = ImageDatasets.Mnist(Path.Combine(root, "data"));
        var train = mnist.Select(Enumerable.Range(0, 8000).ToArray());
        var test = mnist.Select(Enumerable.Range(8000, 2000).ToArray());
        using var classifier = ImageClassifier.Train(train);
        var realStats = FeatureStatistics.From(classifier.Features(test.Images()));
        var reference = FrechetDistance.Compute(realStats, FeatureStatistics.From(classifier.Features(train.Take(settings.Samples).Images())));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"classifier accuracy {classifier.Accuracy(test):P1}; FD of {settings.Samples} real training images to the test split {reference:F2}"));
        var results = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        var rows = new List<Row>();
        foreach (var steps in settings.Steps)
        {
            var ml = new MLContext(settings.Seed);
            var epochs = (int)Math.Ceiling(steps / Math.Ceiling(8000 / 64.0));
            var watch = Stopwatch.StartNew();
            using var model = ml.Generative().Diffusion(new DiffusionOptions
            {
                Denoiser = DiffusionDenoiser.UNet, Filters = settings.Filters, Epochs = epochs, BatchSize = 64,
                LearningRateSchedule = LearningRateSchedule.WarmupCosine, WarmupSteps = 100, MinLearningRateFraction = 0.05,
                NumberOfThreads = settings.Threads, Seed = settings.Seed,
            }).Fit(train.ToDataView());
            var trainSeconds = watch.Elapsed.TotalSeconds;
            var loss = model.History.Epochs[^1].TrainLoss;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{epochs * 125:N0} steps ({epochs} epochs) in {trainSeconds:F0} s, last epoch's loss {loss:F4}"));
            foreach (var samplingSteps in settings.SamplingSteps)
            {
                watch.Restart();
                var samples = model.Sample(settings.Samples, steps: samplingSteps, seed: 7).GetColumn<float[]>("Features").ToArray();
                var sampleSeconds = watch.Elapsed.TotalSeconds;
                var fd = FrechetDistance.Compute(realStats, FeatureStatistics.From(classifier.Features(samples)));
                var shares = ClassifierScores.ClassFractions(classifier, samples);
                rows.Add(new Row(epochs * 125L, trainSeconds, loss, samplingSteps, sampleSeconds, fd, shares.Min(), shares.Count(s => s >= 0.03)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {samplingSteps} DDIM steps: {settings.Samples} samples in {sampleSeconds:F0} s, FD {fd:F2}, smallest class {shares.Min():P1}"));
                if (steps == settings.Steps[^1] && samplingSteps == settings.SamplingSteps[^1])
                {
                    Plots.ImageGrid(new ImageBatch(samples.Take(40).ToArray(), 28, 28, title: $"Diffusion (U-Net) samples, MNIST-10k, {epochs * 125:N0} steps", columns: 10)).Save(Path.Combine(results, "diffusion-mnist-samples.png"));
                }
            }
        }

        File.WriteAllText(Path.Combine(results, "diffusion-mnist.json"), JsonSerializer.Serialize(rows, s_indented));
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c, $"DDPM (T = 1,000, linear schedule, ε-prediction) with the U-Net denoiser ({settings.Filters} filters; widths {settings.Filters}/{2 * settings.Filters}/{2 * settings.Filters}), Adam 1e-3 with 100 warm-up steps and cosine decay to 5 %, batch 64, gradient norm ≤ 1; DDIM sampling (η = 0) with predicted clean images clipped to the data's range; MNIST-10k: first 8,000 images train, last 2,000 test; {settings.Samples:N0} samples; features and classes from the CNN of the GAN image benchmark's protocol (not Inception); seed {settings.Seed}; {settings.Threads} thread(s); {DateTime.UtcNow:yyyy-MM-dd}.");
        md.AppendLine();
        md.AppendLine(c, $"Real training images (reference): classifier-feature Fréchet distance to the test split {reference:F2}.");
        md.AppendLine();
        md.AppendLine("| training steps | training s | last epoch's loss | DDIM steps | sampling s per 1,000 | smallest class share | classes ≥ 3 % | classifier-feature Fréchet distance to test |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            md.AppendLine(c, $"| {r.Steps:N0} | {r.TrainSeconds:F0} | {r.FinalLoss:F4} | {r.SamplingSteps} | {r.SampleSeconds * 1000 / settings.Samples:F0} | {r.MinClassShare:P1} | {r.ClassesAbove3Percent}/10 | {r.FrechetDistance:F2} |");
        }

        md.AppendLine();
        md.AppendLine("Samples of the longest run: `diffusion-mnist-samples.png`.");
        File.WriteAllText(Path.Combine(results, "diffusion-mnist.md"), md.ToString());
        Console.WriteLine(md);
    }
}
