using System;
using GenAi.MLNet.Models.Flows;

namespace GenAi.MLNet;

/// <summary>Normalizing-flow estimators on <see cref="GenerativeCatalog"/>.</summary>
public static class FlowCatalog
{
    /// <summary>
    /// A RealNVP normalizing flow (Dinh et al. 2017) trained by exact maximum likelihood on a float vector
    /// column: an exact log-likelihood per row (a density model and anomaly score) and samples by inverting the flow.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="featureColumnName">Input: a known-size vector of Single with at least 2 values.</param>
    /// <param name="couplingLayers">Affine coupling layers.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <remarks>
    /// <list type="table">
    /// <listheader><term>Column</term><description>Type</description></listheader>
    /// <item><term>featureColumnName (input)</term><description>known-size vector of Single</description></item>
    /// <item><term>LogLikelihood</term><description>Single: log p(x), nats</description></item>
    /// <item><term>Latent</term><description>vector of Single, the input's shape: z = f(x)</description></item>
    /// <item><term>AnomalyScore</term><description>Single: −log p(x)</description></item>
    /// </list>
    /// </remarks>
    public static RealNvpEstimator RealNvp(this GenerativeCatalog catalog, string featureColumnName = "Features", int couplingLayers = 6, int epochs = 100, double learningRate = 1e-4)
        => RealNvp(catalog, new RealNvpOptions
        {
            FeatureColumnName = featureColumnName,
            CouplingLayers = couplingLayers,
            Epochs = epochs,
            LearningRate = learningRate,
        });

    /// <summary>A RealNVP normalizing flow with every option.</summary>
    public static RealNvpEstimator RealNvp(this GenerativeCatalog catalog, RealNvpOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RealNvpEstimator(catalog.Context, options);
    }
}
