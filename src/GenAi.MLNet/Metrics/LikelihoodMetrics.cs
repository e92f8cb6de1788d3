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
