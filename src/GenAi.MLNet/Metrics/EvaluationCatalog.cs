using System;
using GenAi.MLNet.Metrics;
using Microsoft.ML;

namespace GenAi.MLNet;

/// <summary>Generative-model evaluation on <see cref="GenerativeCatalog"/>.</summary>
public static class EvaluationCatalog
{
    /// <summary>
    /// Scores <paramref name="generated"/> rows against <paramref name="real"/> rows (the same feature
    /// column in both): Fréchet distance, KID, precision/recall, density/coverage, a two-sample test and,
    /// with the options, memorisation and classifier scores. See <see cref="GenerativeEvaluator"/>.
    /// </summary>
    public static GenerativeMetrics Evaluate(this GenerativeCatalog catalog, IDataView real, IDataView generated, GenerativeEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return GenerativeEvaluator.Evaluate(catalog.Context, real, generated, options);
    }
}
