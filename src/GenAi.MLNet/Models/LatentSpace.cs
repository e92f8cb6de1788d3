using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;

namespace GenAi.MLNet.Models;

/// <summary>Points and paths in a generator's latent space (a GAN's noise, a VAE's code).</summary>
public static class LatentSpace
{
    /// <summary><paramref name="count"/> draws from the standard normal N(0, I) in <paramref name="dimension"/> dimensions, reproducible by seed.</summary>
    public static float[][] Normal(int count, int dimension, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimension).Select(_ => (float)random.NextNormal()).ToArray()).ToArray();
    }

    /// <summary>
    /// <paramref name="steps"/> points from <paramref name="from"/> to <paramref name="to"/>, both ends included. Spherical
    /// (default) follows the great circle, as White (2016) recommends for Gaussian latents: a straight line's middle has a
    /// smaller norm than typical draws (about 0.71× between two independent ones), where the generator saw few inputs.
    /// </summary>
    /// <exception cref="ArgumentException">The vectors differ in length, or fewer than 2 steps.</exception>
    public static float[][] Interpolate(float[] from, float[] to, int steps, bool spherical = true)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Length != to.Length)
        {
            throw new ArgumentException($"The vectors have {from.Length} and {to.Length} values.", nameof(to));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        var normA = Math.Sqrt(from.Sum(v => (double)v * v));
        var normB = Math.Sqrt(to.Sum(v => (double)v * v));
        var cos = normA * normB == 0 ? 1 : from.Zip(to).Sum(p => (double)p.First * p.Second) / (normA * normB);
        var omega = Math.Acos(Math.Clamp(cos, -1, 1));
        return Enumerable.Range(0, steps).Select(i =>
        {
            var t = i / (double)(steps - 1);
            double a, b;
            if (!spherical || omega < 1e-6)
            {
                (a, b) = (1 - t, t);
            }
            else
            {
                (a, b) = (Math.Sin((1 - t) * omega) / Math.Sin(omega), Math.Sin(t * omega) / Math.Sin(omega));
            }

            return from.Zip(to).Select(p => (float)((a * p.First) + (b * p.Second))).ToArray();
        }).ToArray();
    }

    /// <summary>The mean of some latent vectors (e.g. the codes of all images with an attribute), for latent arithmetic.</summary>
    public static float[] Mean(IReadOnlyList<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0)
        {
            throw new ArgumentException("No vectors to average.", nameof(vectors));
        }

        var d = vectors[0].Length;
        return Enumerable.Range(0, d).Select(j => (float)vectors.Average(v => (double)v[j])).ToArray();
    }

    /// <summary><paramref name="a"/> + <paramref name="scale"/> × (<paramref name="plus"/> − <paramref name="minus"/>): latent arithmetic, e.g. a digit + (bold − thin).</summary>
    public static float[] Add(float[] a, float[] plus, float[] minus, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(plus);
        ArgumentNullException.ThrowIfNull(minus);
        if (plus.Length != a.Length || minus.Length != a.Length)
        {
            throw new ArgumentException($"The vectors must all have {a.Length} values.", nameof(plus));
        }

        return a.Select((v, j) => (float)(v + (scale * (plus[j] - minus[j])))).ToArray();
    }
}
