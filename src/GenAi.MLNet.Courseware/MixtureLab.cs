using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Models.Gan;
using GenAi.MLNet.Training;
using Microsoft.ML;

namespace GenAi.MLNet.Courseware;

/// <summary>
/// The mode-collapse lab: GANs on the 2-D ring and grid mixtures with the VEEGAN/PacGAN protocol
/// (fjxmlzn/PacGAN, synthetic_data_experiments: generator 2 -> 4 x 400 (BatchNorm, ReLU) -> 2 on z ~ N(0, I_2);
/// discriminator of 3 maxout layers (200 units, 5 pieces) and a linear output; weights ~ N(0, 0.02);
/// Adam(1e-4, beta1 = 0.8); 100 packed samples per batch; non-saturating loss; 2,500 evaluation samples),
/// at a budget of generator steps far below the paper's 400,000.
/// </summary>
public static class MixtureLab
{
    /// <summary>The protocol's options (the "vanilla" configuration).</summary>
    public static GanOptions Protocol() => new()
    {
        NoiseDimension = 2,
        GeneratorHiddenSizes = [400, 400, 400, 400],
        BatchNorm = true,
        OutputActivation = GanOutputActivation.None,
        DiscriminatorHiddenSizes = [200, 200, 200],
        MaxoutPieces = 5,
        InitStd = 0.02,
        Loss = GanLoss.NonSaturating,
        LearningRate = 1e-4,
        AdamBeta1 = 0.8,
        AdamBeta2 = 0.999,
        BatchSize = 100,
        Epochs = 1000,
    };

    /// <summary>The configurations of the lab: the vanilla protocol and one remedy each (and the best combination).</summary>
    public static IReadOnlyList<LabConfiguration> Configurations { get; } =
    [
        new("vanilla", "the protocol as is: non-saturating loss, Adam 1e-4", _ => { }),
        new("minimax", "the original minimax generator loss", o => o.Loss = GanLoss.Minimax),
        new("label-smoothing", "one-sided label smoothing (real target 0.9)", o => o.RealLabel = 0.9),
        new("feature-matching", "generator matches D's mean features", o => o.FeatureMatching = true),
        new("spectral-norm", "spectral normalisation of D", o => o.SpectralNorm = true),
        new("wgan-gp", "Wasserstein loss + gradient penalty, 5 critic steps, Adam(1e-4, 0, 0.9)", o =>
        {
            o.Loss = GanLoss.WassersteinGp;
            o.CriticSteps = 5;
            o.AdamBeta1 = 0;
            o.AdamBeta2 = 0.9;
        }),
        new("hinge-sn", "hinge loss + spectral normalisation", o =>
        {
            o.Loss = GanLoss.Hinge;
            o.SpectralNorm = true;
        }),
        new("ttur", "two time-scale updates: D 4e-4, G 1e-4", o => o.DiscriminatorLearningRate = 4e-4),
        new("ema", "moving average of G's weights (0.999)", o => o.GeneratorEma = 0.999),
        new("pacgan2", "packing, m = 2", o => Pack(o, 2)),
        new("pacgan3", "packing, m = 3", o => Pack(o, 3)),
        new("pacgan4", "packing, m = 4", o => Pack(o, 4)),
        new(Best, "packing m = 4, 5 D steps per G step, moving average (0.99) of G", o =>
        {
            Pack(o, 4);
            o.CriticSteps = 5;
            o.GeneratorEma = 0.99;
        }),
    ];

    /// <summary>
    /// The name of the best configuration found (on the ring and the grid at 10,000 generator steps):
    /// packing (m = 4), five discriminator steps per generator step, and a short moving average (0.99) of G's
    /// weights. Over seeds 1–3 it captures 8/8 ring and 25/25 grid modes in every seed (README benchmark table).
    /// </summary>
    public const string Best = "best";

    /// <summary>
    /// Finds a configuration by name; "+"-separated names combine configurations, and <c>lr=</c>,
    /// <c>dlr=</c>, <c>beta1=</c>, <c>critic=</c>, <c>ema=</c> override settings (e.g. "pacgan2+ttur+critic=2").
    /// </summary>
    public static LabConfiguration Configuration(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var parts = name.Split('+');
        var actions = new List<Action<GanOptions>>();
        var remedies = new List<string>();
        foreach (var part in parts)
        {
            var value = part.Contains('=', StringComparison.Ordinal) ? double.Parse(part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture) : 0;
            switch (part.Split('=')[0])
            {
                case "lr":
                    actions.Add(o => o.LearningRate = value);
                    remedies.Add($"learning rate {value:G3}");
                    break;
                case "dlr":
                    actions.Add(o => o.DiscriminatorLearningRate = value);
                    remedies.Add($"D learning rate {value:G3}");
                    break;
                case "beta1":
                    actions.Add(o => o.AdamBeta1 = value);
                    remedies.Add($"Adam beta1 {value:G3}");
                    break;
                case "critic":
                    actions.Add(o => o.CriticSteps = (int)value);
                    remedies.Add($"{value} D steps per G step");
                    break;
                case "ema":
                    actions.Add(o => o.GeneratorEma = value);
                    remedies.Add($"G moving average {value:G3}");
                    break;
                default:
                    var known = Configurations.FirstOrDefault(c => c.Name == part)
                        ?? throw new ArgumentException($"No lab configuration '{part}'. Known: {string.Join(", ", Configurations.Select(c => c.Name))}.", nameof(name));
                    actions.Add(known.Apply);
                    remedies.Add(known.Remedy);
                    break;
            }
        }

        return parts.Length == 1 && actions.Count == 1 && Configurations.Any(c => c.Name == name)
            ? Configurations.First(c => c.Name == name)
            : new LabConfiguration(name, string.Join("; ", remedies), o => actions.ForEach(a => a(o)));
    }

    /// <summary>Trains one configuration for <paramref name="generatorSteps"/> steps and scores <paramref name="evaluationSamples"/> samples.</summary>
    public static LabResult Run(GaussianMixture data, LabConfiguration configuration, long generatorSteps, int seed,
        int evaluationSamples = 2500, int? threads = null, int[]? snapshotEpochs = null)
        => Run(data, configuration, generatorSteps, null, seed, evaluationSamples, threads, snapshotEpochs);

    /// <summary>
    /// Trains one configuration for <paramref name="trainingTime"/> of wall-clock time (as many generator steps as fit:
    /// the comparison at equal cost, since a remedy such as 5 critic steps per generator step costs more per step) and
    /// scores <paramref name="evaluationSamples"/> samples. The steps trained are in the result.
    /// </summary>
    public static LabResult RunFor(GaussianMixture data, LabConfiguration configuration, TimeSpan trainingTime, int seed,
        int evaluationSamples = 2500, int? threads = null)
        => Run(data, configuration, null, trainingTime, seed, evaluationSamples, threads, null);

    private static LabResult Run(GaussianMixture data, LabConfiguration configuration, long? generatorSteps, TimeSpan? trainingTime, int seed,
        int evaluationSamples, int? threads, int[]? snapshotEpochs)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = Protocol();
        configuration.Apply(options);
        options.Seed = seed;
        options.MaxGeneratorSteps = generatorSteps;
        options.MaxTrainingTime = trainingTime;
        options.NumberOfThreads = threads;
        options.SnapshotEpochs = snapshotEpochs ?? [];
        options.SnapshotSize = 1000;
        var watch = Stopwatch.StartNew();
        var model = new MLContext(seed).Generative().Gan(options).Fit(data.ToDataView());
        var seconds = watch.Elapsed.TotalSeconds;
        var (samples, _) = model.GenerateArrays(evaluationSamples, seed: seed + 1000);
        var scores = ModeCoverage.Compute(samples, data.Means, data.Sigma);
        return new LabResult(configuration.Name, data.Name, seed, scores, seconds, model.GeneratorSteps, samples, model);
    }

    // A batch holds 100 packed samples, as in the paper: 100 m rows.
    private static void Pack(GanOptions options, int m)
    {
        options.Pack = m;
        options.BatchSize = 100 * m;
    }
}
