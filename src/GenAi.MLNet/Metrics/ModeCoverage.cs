using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// The mode-collapse metrics of VEEGAN (Srivastava et al., NeurIPS 2017) and PacGAN (Lin et al.,
/// NeurIPS 2018, Table 1; code: fjxmlzn/PacGAN, PacGAN/pacgan/extensions.py, MetricLogger): a sample is
/// <i>high quality</i> when its distance to the nearest mode, in units of that mode's standard deviation,
/// is below 3; a mode is <i>captured</i> when it has at least one high-quality sample; the reverse KL is
/// KL(p_hat || U) = ln K - H(p_hat) for the histogram p_hat of high-quality samples over the K modes
/// (empty bins contribute 0, natural logarithm). PacGAN evaluates 2,500 samples.
/// </summary>
public static class ModeCoverage
{
    /// <summary>Scores <paramref name="samples"/> against modes at <paramref name="means"/> with a common standard deviation <paramref name="sigma"/>.</summary>
    public static ModeCoverageScores Compute(IReadOnlyList<float[]> samples, IReadOnlyList<float[]> means, double sigma, double threshold = 3.0)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(means);
        if (samples.Count == 0 || means.Count == 0)
        {
            throw new ArgumentException("Need at least one sample and one mode.", nameof(samples));
        }

        if (!(sigma > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be positive.");
        }

        var counts = new int[means.Count];
        foreach (var x in samples)
        {
            var (best, nearest) = (double.PositiveInfinity, -1);
            for (var j = 0; j < means.Count; j++)
            {
                double d = 0;
                for (var k = 0; k < x.Length; k++)
                {
                    var diff = x[k] - means[j][k];
                    d += diff * diff;
                }

                if (d < best)
                {
                    (best, nearest) = (d, j);
                }
            }

            if (Math.Sqrt(best) / sigma < threshold)
            {
                counts[nearest]++;
            }
        }

        var good = counts.Sum();
        var reverseKl = double.NaN;
        if (good > 0)
        {
            var entropy = counts.Where(c => c > 0).Select(c => (double)c / good).Sum(p => -p * Math.Log(p));
            reverseKl = Math.Log(means.Count) - entropy;
        }

        return new ModeCoverageScores(counts.Count(c => c > 0), means.Count, (double)good / samples.Count, reverseKl, counts);
    }
}
