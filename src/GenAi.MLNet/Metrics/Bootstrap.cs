using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Metrics;

/// <summary>Percentile bootstrap confidence intervals for any scalar metric (Efron and Tibshirani, 1993).</summary>
public static class Bootstrap
{
    /// <summary>
    /// Resamples <paramref name="count"/> row indices with replacement <paramref name="resamples"/> times,
    /// evaluates <paramref name="statistic"/> on each resample, and returns the percentile interval.
    /// </summary>
    public static BootstrapInterval ConfidenceInterval(int count, Func<IReadOnlyList<int>, double> statistic, int resamples = 1000, double level = 0.95, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 10);
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "level must lie in (0, 1).");
        }

        var random = new Random(seed);
        var values = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            var indices = new int[count];
            for (var i = 0; i < count; i++)
            {
                indices[i] = random.Next(count);
            }

            values[b] = statistic(indices);
        }

        var alpha = (1 - level) / 2;
        return new BootstrapInterval(statistic(Enumerable.Range(0, count).ToArray()), Distances.Quantile(values, alpha), Distances.Quantile(values, 1 - alpha), level);
    }
}
