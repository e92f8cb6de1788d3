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
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Benchmarks;

/// <summary>
/// DDPM with DDIM sampling on the PacGAN ring and grid, scored like the GAN lab (modes captured, share of
/// high-quality samples within 3σ of a mode, reverse KL of the mode histogram), with its training time for the
/// equal-time comparison against the GAN lab's configurations (benchmarks/results/gan-mode-collapse.md).
/// </summary>
internal static class DiffusionModesBenchmark
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <param name="Seconds">A training-time budget instead of <paramref name="Epochs"/>: the epochs that fit it on this machine, from one timed calibration epoch per run.</param>
    public sealed record Settings(int Epochs, int[] Seeds, int Threads, string[] Data, int Samples, int[] SamplingSteps, double? Seconds = null);

    public static void Run(string root, Settings settings)
    {
        var rows = new List<(string Data, int Seed, int Steps, ModeCoverageScores Scores, double TrainSeconds, double SampleSeconds)>();
        var epochsRun = new Dictionary<(string, int), int>();
        foreach (var name in settings.Data)
        {
            var mixture = Mixtures.ByName(name);
            foreach (var seed in settings.Seeds)
            {
                DiffusionTransformer Fit(int epochs) => new MLContext(seed).Generative().Diffusion(new DiffusionOptions
                {
                    Epochs = epochs,
                    LearningRateSchedule = LearningRateSchedule.WarmupCosine,
                    MinLearningRateFraction = 0.01,
                    NumberOfThreads = settings.Threads,
                    Seed = seed,
                }).Fit(mixture.ToDataView());
                var epochs = settings.Seconds is { } budget ? TimeBudget.Epochs(budget, () => Fit(1)) : settings.Epochs;
                var watch = Stopwatch.StartNew();
                using var model = Fit(epochs);
                var trainSeconds = watch.Elapsed.TotalSeconds;
                epochsRun[(name, seed)] = epochs;
                foreach (var steps in settings.SamplingSteps)
                {
                    watch.Restart();
                    var samples = model.Sample(settings.Samples, steps, eta: steps == model.Options.Timesteps ? 1 : 0, seed: seed).GetColumn<float[]>("Features").ToArray();
                    var sampleSeconds = watch.Elapsed.TotalSeconds;
                    var scores = ModeCoverage.Compute(samples, mixture.Means, mixture.Sigma);
                    rows.Add((name, seed, steps, scores, trainSeconds, sampleSeconds));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name} seed {seed} ({epochs} epochs) steps {steps}: modes {scores.ModesCaptured}/{scores.Modes}, high quality {scores.HighQualityFraction:P1}, reverse KL {scores.ReverseKl:F3}; train {trainSeconds:F0} s, sample {sampleSeconds:F1} s"));
                }
            }
        }

        var results = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        // The default budget writes diffusion-modes.*; another length its own report, so the equal-time runs sit beside it.
        var name0 = settings.Seconds is { } seconds ? string.Create(CultureInfo.InvariantCulture, $"diffusion-modes-{seconds:0.#}s")
            : settings.Epochs == 60 ? "diffusion-modes" : string.Create(CultureInfo.InvariantCulture, $"diffusion-modes-{settings.Epochs}-epochs");
        File.WriteAllText(Path.Combine(results, name0 + ".json"), JsonSerializer.Serialize(rows.Select(r => new
        {
            r.Data, r.Seed, SamplingSteps = r.Steps, r.Scores.ModesCaptured, r.Scores.Modes, r.Scores.HighQualityFraction, r.Scores.ReverseKl, r.TrainSeconds, r.SampleSeconds,
        }), s_indented));
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"DDPM (T = 1,000, linear β, MLP 3×256 with a sinusoidal step embedding, Adam 1e-3 with cosine decay, batch 256, gradient norm ≤ 1), {(settings.Seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $"a budget of {s:0.#} s of training ({string.Join(", ", epochsRun.Select(e => $"{e.Key.Item1} seed {e.Key.Item2}: {e.Value} epochs"))}, from one timed calibration epoch each)") : $"{settings.Epochs} epochs")} of the 100,000 training points; {settings.Samples:N0} samples per run (DDIM, η = 0; with every step η = 1, DDPM's sampler); {settings.Threads} thread(s); seeds {string.Join(", ", settings.Seeds)}; {DateTime.UtcNow:yyyy-MM-dd}.");
        md.AppendLine();
        md.AppendLine("| data | sampling steps | modes | high quality | reverse KL | training s | sampling s | seeds |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var group in rows.GroupBy(r => (r.Data, r.Steps)))
        {
            var g = group.ToArray();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key.Data} | {group.Key.Steps} | {g.Average(r => r.Scores.ModesCaptured):0.#} of {g[0].Scores.Modes} (min {g.Min(r => r.Scores.ModesCaptured)}) | {g.Average(r => r.Scores.HighQualityFraction):P1} (min {g.Min(r => r.Scores.HighQualityFraction):P1}) | {g.Average(r => r.Scores.ReverseKl):F3} (max {g.Max(r => r.Scores.ReverseKl):F3}) | {g.Average(r => r.TrainSeconds):F0} | {g.Average(r => r.SampleSeconds):F1} | {g.Length} |");
        }

        File.WriteAllText(Path.Combine(results, name0 + ".md"), md.ToString());
        Console.WriteLine(md);
    }
}
