using System;
using System.Globalization;
using GenAi.MLNet.Models.Boltzmann;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet;

/// <summary>Restricted Boltzmann machine and deep belief network estimators on <see cref="GenerativeCatalog"/>.</summary>
public static class BoltzmannCatalog
{
    /// <summary>
    /// A restricted Boltzmann machine (binary units) trained by persistent contrastive divergence on a float
    /// vector column with values in [0, 1]; as a featurizer its <c>Hidden</c> column feeds a classifier.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="featureColumnName">Input: a known-size vector of Single in [0, 1].</param>
    /// <param name="hiddenColumnName">Output: P(h = 1 | v), a vector of <paramref name="hiddenUnits"/> Single.</param>
    /// <param name="hiddenUnits">Number of hidden units.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="learningRate">SGD learning rate.</param>
    /// <remarks>
    /// <list type="table">
    /// <listheader><term>Column</term><description>Type</description></listheader>
    /// <item><term>featureColumnName (input)</term><description>known-size vector of Single in [0, 1]</description></item>
    /// <item><term>Hidden</term><description>vector of Single (H): P(h = 1 | v)</description></item>
    /// <item><term>Reconstruction</term><description>vector of Single, the input's shape</description></item>
    /// <item><term>FreeEnergy</term><description>Single, nats</description></item>
    /// <item><term>PseudoLogLikelihood</term><description>Single, nats</description></item>
    /// </list>
    /// </remarks>
    public static RbmEstimator Rbm(this GenerativeCatalog catalog, string featureColumnName = "Features", string hiddenColumnName = "Hidden",
        int hiddenUnits = 100, int epochs = 10, double learningRate = 0.06)
        => Rbm(catalog, new RbmOptions
        {
            FeatureColumnName = featureColumnName,
            HiddenColumnName = hiddenColumnName,
            HiddenUnits = hiddenUnits,
            Epochs = epochs,
            LearningRate = learningRate,
        });

    /// <summary>A restricted Boltzmann machine with every option.</summary>
    public static RbmEstimator Rbm(this GenerativeCatalog catalog, RbmOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RbmEstimator(catalog.Context, options);
    }

    /// <summary>
    /// A deep belief network: RBMs stacked and trained greedily, layer by layer (Hinton et al. 2006), as one
    /// ML.NET pipeline. Layer k reads <c>Hidden{k-1}</c> (layer 1 reads <paramref name="featureColumnName"/>)
    /// and appends <c>Hidden{k}</c>, <c>Reconstruction{k}</c>, <c>FreeEnergy{k}</c> and <c>PseudoLogLikelihood{k}</c>;
    /// the top layer's hidden column is the deepest features. Sample with <see cref="DeepBeliefNetwork.Sample"/>.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="featureColumnName">Input: a known-size vector of Single in [0, 1].</param>
    /// <param name="hiddenUnits">Hidden units of each layer, bottom first (e.g. <c>[500, 500]</c>).</param>
    /// <param name="configure">Sets each layer's other options (epochs, rate, ...); called with the layer's options and its index from 0.</param>
    public static EstimatorChain<RbmTransformer> DeepBeliefNetwork(this GenerativeCatalog catalog, string featureColumnName, int[] hiddenUnits, Action<RbmOptions, int>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(hiddenUnits);
        if (hiddenUnits.Length == 0)
        {
            throw new ArgumentException("A deep belief network needs at least one layer.", nameof(hiddenUnits));
        }

        var chain = new EstimatorChain<RbmTransformer>();
        var input = featureColumnName;
        for (var i = 0; i < hiddenUnits.Length; i++)
        {
            var k = (i + 1).ToString(CultureInfo.InvariantCulture);
            var options = new RbmOptions
            {
                FeatureColumnName = input,
                HiddenUnits = hiddenUnits[i],
                HiddenColumnName = "Hidden" + k,
                ReconstructionColumnName = "Reconstruction" + k,
                FreeEnergyColumnName = "FreeEnergy" + k,
                PseudoLogLikelihoodColumnName = "PseudoLogLikelihood" + k,
            };
            configure?.Invoke(options, i);
            chain = chain.Append(new RbmEstimator(catalog.Context, options));
            input = options.HiddenColumnName;
        }

        return chain;
    }
}
