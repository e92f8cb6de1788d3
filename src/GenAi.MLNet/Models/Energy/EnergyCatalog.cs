using System;
using GenAi.MLNet.Models.Energy;

namespace GenAi.MLNet;

/// <summary>Energy-based model estimators on <see cref="GenerativeCatalog"/>.</summary>
public static class EnergyCatalog
{
    /// <summary>
    /// An energy-based model E(x) on a float vector column, trained by contrastive divergence with short-run
    /// Langevin negatives from a replay buffer (Du and Mordatch 2019); sampled by Langevin dynamics.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="featureColumnName">Input: a known-size vector of Single.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="energyColumnName">Output: the energy per row (lower is more typical).</param>
    /// <remarks>
    /// <list type="table">
    /// <listheader><term>Column</term><description>Type</description></listheader>
    /// <item><term>featureColumnName (input)</term><description>known-size vector of Single</description></item>
    /// <item><term>energyColumnName</term><description>Single: lower is more typical</description></item>
    /// </list>
    /// </remarks>
    public static EnergyEstimator EnergyBasedModel(this GenerativeCatalog catalog, string featureColumnName = "Features", int epochs = 20, string energyColumnName = "Energy")
        => EnergyBasedModel(catalog, new EnergyOptions
        {
            FeatureColumnName = featureColumnName,
            Epochs = epochs,
            EnergyColumnName = energyColumnName,
        });

    /// <summary>An energy-based model with every option.</summary>
    public static EnergyEstimator EnergyBasedModel(this GenerativeCatalog catalog, EnergyOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EnergyEstimator(catalog.Context, options);
    }
}
