using System;
using GenAi.MLNet.Core;
using System.Linq;
using Microsoft.ML;

namespace GenAi.MLNet.Data;

/// <summary>
/// Two interleaving half circles in 2-D with Gaussian noise, as scikit-learn's <c>make_moons</c>: the upper
/// moon is (cos θ, sin θ), the lower (1 − cos θ, 0.5 − sin θ), θ evenly spaced in [0, π]. A standard test of
/// density models (the keras RealNVP example) and of classifiers that need a curved boundary.
/// </summary>
public static class TwoMoons
{
    /// <summary>
    /// <paramref name="count"/> points (half on each moon, the first moon taking the odd one) with noise of
    /// standard deviation <paramref name="noise"/>, shuffled: a view with a 2-value <c>Features</c> column and a
    /// Boolean <c>Label</c> (true on the lower moon).
    /// </summary>
    public static IDataView Generate(int count = 3000, double noise = 0.05, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        if (!(noise >= 0) || double.IsInfinity(noise))
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "noise must be non-negative and finite.");
        }

        var random = new Random(seed);
        var upper = count - (count / 2);
        var lower = count / 2;
        var points = new float[count * 2];
        var labels = new bool[count];
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
        for (var i = 0; i < count; i++)
        {
            var onLower = i >= upper;
            var n = onLower ? lower : upper;
            var k = onLower ? i - upper : i;
            var theta = n == 1 ? 0 : Math.PI * k / (n - 1);
            var (x, y) = onLower ? (1 - Math.Cos(theta), 0.5 - Math.Sin(theta)) : (Math.Cos(theta), Math.Sin(theta));
            var at = order[i];
            points[2 * at] = (float)(x + (noise * random.NextNormal()));
            points[(2 * at) + 1] = (float)(y + (noise * random.NextNormal()));
            labels[at] = onLower;
        }

        return new InMemoryDataView.Builder().AddVector("Features", points, 2).AddBoolean("Label", labels).Build();
    }

    // Box-Muller.
}
