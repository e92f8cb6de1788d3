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
using GenAi.MLNet.Models.Energy;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Benchmarks;

/// <summary>
/// The energy-based model (short-run Langevin with a replay buffer) on the PacGAN ring and grid, scored like the
/// GAN lab (modes captured, share within 3σ of a mode, reverse KL of the mode histogram) plus the within-mode
/// spread, at several training lengths, so that it compares with the GAN lab and the diffusion model at equal time.
/// </summary>
internal static class EnergyModesBenchmark
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <param name="Seconds">A training-time budget instead of <paramref name="Epochs"/>: the epochs that fit it on this machine, from one timed calibration epoch per run.</param>
    public sealed record Settings(int[] Epochs, int[] Seeds, int Threads, string[] Data, int Samples, int[] SamplingSteps, double? Seconds = null);

    public static void Run(string root, Settings settings)
    {
        var rows = new List<(string Data, int Epochs, int Seed, int Steps, ModeCoverageScores Scores, double Spread, double TrainSeconds, double SampleSeconds)>();
        foreach (var name in settings.Data)
        {
            var mixture = Mixtures.ByName(name);
            foreach (var listed in settings.Seconds is null ? settings.Epochs : [0])
            {
                foreach (var seed in settings.Seeds)
                {
                    EnergyTransformer Fit(int epochs) => new MLContext(seed).Generative().EnergyBasedModel(new EnergyOptions
                    {
                        Epochs = epochs,
                        NumberOfThreads = settings.Threads,
                        Seed = seed,
                    }).Fit(mixture.ToDataView());
                    var epochs = settings.Seconds is { } budget ? TimeBudget.Epochs(budget, () => Fit(1)) : listed;
                    var watch = Stopwatch.StartNew();
                    using var model = Fit(epochs);
                    var trainSeconds = watch.Elapsed.TotalSeconds;
                    foreach (var steps in settings.SamplingSteps)
                    {
                        watch.Restart();
                        var samples = model.Sample(settings.Samples, steps, seed: seed).GetColumn<float[]>("Features").ToArray();
                        var sampleSeconds = watch.Elapsed.TotalSeconds;
                        var scores = ModeCoverage.Compute(samples, mixture.Means, mixture.Sigma);
                        var spread = Spread(samples, mixture);
                        rows.Add((name, epochs, seed, steps, scores, spread, trainSeconds, sampleSeconds));
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{name} {epochs} epochs seed {seed} steps {steps}: modes {scores.ModesCaptured}/{scores.Modes}, high quality {scores.HighQualityFraction:P1}, reverse KL {scores.ReverseKl:F3}, spread {spread:F2}σ; train {trainSeconds:F0} s, sample {sampleSeconds:F1} s"));
                    }
                }
            }
        }

        var results = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        var name0 = settings.Seconds is { } seconds ? string.Create(CultureInfo.InvariantCulture, $"energy-modes-{seconds:0.#}s") : "energy-modes";
        File.WriteAllText(Path.Combine(results, name0 + ".json"), JsonSerializer.Serialize(rows.Select(r => new
        {
            r.Data, r.Epochs, r.Seed, SamplingSteps = r.Steps, r.Scores.ModesCaptured, r.Scores.Modes, r.Scores.HighQualityFraction, r.Scores.ReverseKl, r.Spread, r.TrainSeconds, r.SampleSeconds,
        }), s_indented));
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Energy-based model (MLP 3×128 SiLU on standardised rows × 8; 20 Langevin steps of size 0.1, noise 0.005, per update; replay buffer 10,000 with 5 % restarts; Adam 1e-3, β1 = 0, cosine decay; batch 256; α = 0.1) on the 100,000 training points; {settings.Samples:N0} samples per run, Langevin from uniform noise; spread = per-axis RMS distance of the samples within 3σ to their mode, in σ (the data: 0.97); {settings.Threads} thread(s); seeds {string.Join(", ", settings.Seeds)}; {DateTime.UtcNow:yyyy-MM-dd}.");
        md.AppendLine();
        md.AppendLine("| data | epochs | sampling steps | modes | high quality | reverse KL | spread | training s | sampling s | seeds |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var group in rows.GroupBy(r => (r.Data, r.Epochs, r.Steps)))
        {
            var g = group.ToArray();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key.Data} | {group.Key.Epochs} | {group.Key.Steps} | {g.Average(r => r.Scores.ModesCaptured):0.#} of {g[0].Scores.Modes} (min {g.Min(r => r.Scores.ModesCaptured)}) | {g.Average(r => r.Scores.HighQualityFraction):P1} (min {g.Min(r => r.Scores.HighQualityFraction):P1}) | {g.Average(r => r.Scores.ReverseKl):F3} (max {g.Max(r => r.Scores.ReverseKl):F3}) | {g.Average(r => r.Spread):F2} | {g.Average(r => r.TrainSeconds):F0} | {g.Average(r => r.SampleSeconds):F1} | {g.Length} |");
        }

        File.WriteAllText(Path.Combine(results, name0 + ".md"), md.ToString());
        Console.WriteLine(md);
    }

    /// <summary>Per-axis RMS distance of the samples within 3σ to their nearest mode, in σ.</summary>
    private static double Spread(IReadOnlyList<float[]> samples, GaussianMixture mixture)
    {
        var near = samples
            .Select(p => mixture.Means.Min(m => ((p[0] - m[0]) * (p[0] - m[0])) + ((p[1] - m[1]) * (p[1] - m[1]))))
            .Where(d => Math.Sqrt(d) < 3 * mixture.Sigma)
            .ToArray();
        return near.Length == 0 ? double.NaN : Math.Sqrt(near.Average() / 2) / mixture.Sigma;
    }
}
