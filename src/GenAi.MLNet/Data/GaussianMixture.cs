using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using Microsoft.ML;

namespace GenAi.MLNet.Data;

/// <summary>
/// A 2-D mixture of isotropic Gaussians with equal weights: the mode-collapse benchmarks of VEEGAN
/// (Srivastava et al. 2017) and PacGAN (Lin et al. 2018, code: fjxmlzn/PacGAN,
/// synthetic_data_experiments/*/config.py). Each point picks its mode uniformly at random.
/// </summary>
public sealed class GaussianMixture
{
    internal GaussianMixture(string name, float[][] means, double sigma, float[][] points, int[] modes)
    {
        Name = name;
        Means = means;
        Sigma = sigma;
        Points = points;
        Modes = modes;
    }

    /// <summary>"ring" or "grid".</summary>
    public string Name { get; }

    /// <summary>The mode centres.</summary>
    public IReadOnlyList<float[]> Means { get; }

    /// <summary>The standard deviation of every mode.</summary>
    public double Sigma { get; }

    /// <summary>The sampled points.</summary>
    public IReadOnlyList<float[]> Points { get; }

    /// <summary>The mode each point was drawn from.</summary>
    public IReadOnlyList<int> Modes { get; }

    /// <summary>The points as an ML.NET view with a 2-D <c>Features</c> column.</summary>
    public IDataView ToDataView() => new InMemoryDataView.Builder().AddVector("Features", Points.SelectMany(p => p).ToArray(), 2).Build();

    /// <summary>8 Gaussians evenly spaced on the unit circle, sigma = 0.01 (PacGAN's 2D-ring).</summary>
    public static GaussianMixture Ring(int count = 100_000, int seed = 0)
        => Create("ring", Enumerable.Range(0, 8).Select(i => new[] { (float)Math.Cos(2 * Math.PI * i / 8), (float)Math.Sin(2 * Math.PI * i / 8) }).ToArray(), 0.01, count, seed);

    /// <summary>25 Gaussians on the grid {-4, -2, 0, 2, 4}^2, sigma = 0.05 (PacGAN's 2D-grid).</summary>
    public static GaussianMixture Grid(int count = 100_000, int seed = 0)
    {
        var coordinates = new[] { -4f, -2f, 0f, 2f, 4f };
        return Create("grid", coordinates.SelectMany(x => coordinates.Select(y => new[] { x, y })).ToArray(), 0.05, count, seed);
    }

    private static GaussianMixture Create(string name, float[][] means, double sigma, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var random = new Random(seed);
        var modes = new int[count];
        var points = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var mode = random.Next(means.Length);
            modes[i] = mode;
            points[i] = [(float)(means[mode][0] + (sigma * random.NextNormal())), (float)(means[mode][1] + (sigma * random.NextNormal()))];
        }

        return new GaussianMixture(name, means, sigma, points, modes);
    }

    // Box-Muller.
}
