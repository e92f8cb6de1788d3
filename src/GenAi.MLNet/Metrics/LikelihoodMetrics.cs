using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// Likelihood-side summaries the model families report through: mean negative log-likelihood (or
/// negative ELBO, an upper bound on it), bits per dimension and perplexity.
/// </summary>
public static class LikelihoodMetrics
{
    /// <summary>Bits per dimension: nats per example divided by (dimensions x ln 2), the unit of image-likelihood papers.</summary>
    public static double BitsPerDimension(double natsPerExample, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        return natsPerExample / (dimensions * Math.Log(2));
    }

    /// <summary>Perplexity exp(mean negative log-likelihood per token, in nats): the effective number of equally likely next tokens.</summary>
    public static double Perplexity(double meanNatsPerToken) => Math.Exp(meanNatsPerToken);

    /// <summary>Mean of a per-row negative log-likelihood (or negative ELBO) column, e.g. a VAE's <c>NegativeElbo</c>.</summary>
    public static double MeanNegativeLogLikelihood(IDataView scored, string columnName = "NegativeElbo")
    {
        ArgumentNullException.ThrowIfNull(scored);
        var values = scored.GetColumn<float>(columnName).ToArray();
        if (values.Length == 0)
        {
            throw new InvalidOperationException($"Column '{columnName}' has no rows.");
        }

        return values.Average(v => (double)v);
    }

    /// <summary>The gap between held-out and training negative log-likelihood (positive: the model fits its training data better than new data).</summary>
    public static double GeneralizationGap(IDataView scoredTraining, IDataView scoredHeldOut, string columnName = "NegativeElbo")
        => MeanNegativeLogLikelihood(scoredHeldOut, columnName) - MeanNegativeLogLikelihood(scoredTraining, columnName);
}

/// <summary>A bootstrap estimate: the statistic on the full sample and a percentile confidence interval.</summary>
/// <param name="Estimate">The statistic on the original sample.</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
/// <param name="Level">Confidence level, e.g. 0.95.</param>
public sealed record BootstrapInterval(double Estimate, double Lower, double Upper, double Level);

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
