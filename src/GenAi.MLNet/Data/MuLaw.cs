using System;

namespace GenAi.MLNet.Data;

/// <summary>
/// μ-law companding (ITU-T G.711, as WaveNet uses it): samples in [−1, 1] to <c>levels</c> classes with finer steps
/// near zero, where most audio lives, F(x) = sign(x) ln(1 + μ|x|) / ln(1 + μ), μ = levels − 1.
/// </summary>
public static class MuLaw
{
    /// <summary>The class of each sample: x clipped to [−1, 1] → 0 … levels − 1.</summary>
    /// <exception cref="ArgumentException">A sample is NaN (its index named).</exception>
    public static int[] Encode(ReadOnlySpan<float> samples, int levels = 256)
    {
        Check(levels);
        var mu = levels - 1;
        var classes = new int[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            if (float.IsNaN(samples[i]))
            {
                throw new ArgumentException($"Sample {i} is NaN; μ-law needs numbers (replace or drop missing samples first).", nameof(samples));
            }

            var x = Math.Clamp(samples[i], -1f, 1f);
            var f = Math.Sign(x) * Math.Log(1 + (mu * Math.Abs(x))) / Math.Log(1 + mu);   // [−1, 1]
            classes[i] = (int)Math.Clamp(Math.Round((f + 1) / 2 * mu), 0, mu);
        }

        return classes;
    }

    /// <summary>The sample each class stands for (the inverse of <see cref="Encode"/>).</summary>
    public static float[] Decode(ReadOnlySpan<int> classes, int levels = 256)
    {
        Check(levels);
        var mu = levels - 1;
        var samples = new float[classes.Length];
        for (var i = 0; i < classes.Length; i++)
        {
            var f = (2.0 * Math.Clamp(classes[i], 0, mu) / mu) - 1;
            samples[i] = (float)(Math.Sign(f) * (Math.Pow(1 + mu, Math.Abs(f)) - 1) / mu);
        }

        return samples;
    }

    private static void Check(int levels)
    {
        if (levels < 2 || levels > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(levels), levels, "levels must lie in [2, 65536].");
        }
    }
}
