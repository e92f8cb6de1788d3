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
using GenAi.MLNet.Models.Autoencoders;
using GenAi.MLNet.Models.Gan;
using Microsoft.ML;

namespace GenAi.MLNet.Benchmarks;

/// <summary>
/// DCGAN and conditional DCGAN on MNIST-10k and Fashion-MNIST, scored with a CNN classifier trained on
/// each data set's training split: conditional accuracy, class coverage of unconditional samples, and the
/// classifier-feature Fréchet distance to the test split, beside a convolutional VAE's samples.
/// </summary>
internal static class GanImagesBenchmark
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public sealed record Settings(long GanSteps, int VaeEpochs, int FashionTrain, int Threads, int Samples);

    private sealed record Row(string Data, string Model, double Seconds, double? ConditionalAccuracy, double MinClassFraction, int ClassesAbove3Percent, double FrechetDistance);

    public static void Run(string root, Settings settings)
    {
        var rows = new List<Row>();
        var mnist = ImageDatasets.Mnist(Path.Combine(root, "data"));
        var fashion = ImageDatasets.FashionMnist(FashionMnistPart.Train, Path.Combine(root, "data"));
        var fashionTest = ImageDatasets.FashionMnist(FashionMnistPart.Test, Path.Combine(root, "data"));
        var sets = new[]
        {
            ("MNIST-10k", mnist.Select(Enumerable.Range(0, 8000).ToArray()), mnist.Select(Enumerable.Range(8000, 2000).ToArray())),
            ("Fashion-MNIST", fashion.Take(settings.FashionTrain), fashionTest.Take(2000)),
        };
        foreach (var (name, train, test) in sets)
        {
            using var classifier = ImageClassifier.Train(train);
            var accuracy = classifier.Accuracy(test);
            var realStats = FeatureStatistics.From(classifier.Features(test.Images()));
            var heldOut = FrechetDistance.Compute(realStats, FeatureStatistics.From(classifier.Features(train.Take(settings.Samples).Images())));
            Console.WriteLine($"{name}: classifier accuracy {accuracy:P1}; FD of {settings.Samples} real training images to the test split {heldOut:F2}");
            rows.Add(new Row(name, "real training images (reference)", 0, null, Coverage(classifier, train.Take(settings.Samples).Images()).Min, Coverage(classifier, train.Take(settings.Samples).Images()).Above, heldOut));

            foreach (var conditional in new[] { false, true })
            {
                var options = ImageGanOptions(settings, conditional);
                var watch = Stopwatch.StartNew();
                using var gan = new MLContext(1).Generative().Gan(options).Fit(train.ToDataView());
                var seconds = watch.Elapsed.TotalSeconds;
                var (samples, labels) = gan.GenerateArrays(settings.Samples, seed: 7);
                var coverage = Coverage(classifier, samples);
                var fd = FrechetDistance.Compute(realStats, FeatureStatistics.From(classifier.Features(samples)));
                double? conditionalAccuracy = conditional ? ClassifierScores.ConditionalAccuracy(classifier, samples, labels!) : null;
                rows.Add(new Row(name, conditional ? "conditional DCGAN" : "DCGAN", seconds, conditionalAccuracy, coverage.Min, coverage.Above, fd));
                Console.WriteLine($"  {rows[^1]}");
            }

            var vaeWatch = Stopwatch.StartNew();
            using var vae = new MLContext(1).Generative().Vae(new VaeOptions
            {
                Architecture = AutoencoderArchitecture.Convolutional, LatentDimension = 32, Epochs = settings.VaeEpochs, NumberOfThreads = settings.Threads, Seed = 1,
            }).Fit(train.ToDataView());
            var vaeSamples = vae.Sample(settings.Samples, seed: 7).ToArrays("Features");
            var vaeCoverage = Coverage(classifier, vaeSamples);
            rows.Add(new Row(name, "convolutional VAE", vaeWatch.Elapsed.TotalSeconds, null, vaeCoverage.Min, vaeCoverage.Above,
                FrechetDistance.Compute(realStats, FeatureStatistics.From(classifier.Features(vaeSamples)))));
            Console.WriteLine($"  {rows[^1]}");
        }

        var results = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "gan-images.json"), JsonSerializer.Serialize(new { settings, rows }, Indented));
        var md = Markdown(settings, rows);
        File.WriteAllText(Path.Combine(results, "gan-images.md"), md);
        Console.WriteLine(md);
    }

    /// <summary>The DCGAN settings the benchmark and the notebooks use for 28x28 images.</summary>
    internal static GanOptions ImageGanOptions(Settings settings, bool conditional) => new()
    {
        Architecture = GanArchitecture.Convolutional,
        LabelColumnName = conditional ? "Label" : null,
        Epochs = 1000,
        MaxGeneratorSteps = settings.GanSteps,
        NumberOfThreads = settings.Threads,
        Seed = 1,
    };

    private static (double Min, int Above) Coverage(ImageClassifier classifier, IReadOnlyList<float[]> samples)
    {
        var fractions = ClassifierScores.ClassFractions(classifier, samples);
        return (fractions.Min(), fractions.Count(f => f >= 0.03));
    }

    private static string Markdown(Settings settings, List<Row> rows)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c, $"DCGAN (non-saturating loss, Adam 2e-4, β1 0.5, batch 64, 64 base channels; conditional: one-hot class into G, projection discriminator): {settings.GanSteps:N0} generator steps; convolutional VAE: {settings.VaeEpochs} epochs; MNIST-10k: first 8,000 images train, last 2,000 test; Fashion-MNIST: first {settings.FashionTrain:N0} training images, 2,000 test images; {settings.Samples:N0} samples per model; features and classes from a CNN trained on each training split (not Inception: values compare only within this table); {DateTime.UtcNow:yyyy-MM-dd}.");
        md.AppendLine();
        md.AppendLine("| data | model | conditional accuracy | smallest class share | classes ≥ 3 % | classifier-feature Fréchet distance to test | training s |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            md.AppendLine(c, $"| {r.Data} | {r.Model} | {(r.ConditionalAccuracy is { } a ? a.ToString("P1", c) : "–")} | {r.MinClassFraction:P1} | {r.ClassesAbove3Percent}/10 | {r.FrechetDistance:F2} | {(r.Seconds > 0 ? r.Seconds.ToString("F0", c) : "–")} |");
        }

        return md.ToString();
    }
}
