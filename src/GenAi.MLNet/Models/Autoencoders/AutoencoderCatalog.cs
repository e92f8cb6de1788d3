using System;

using GenAi.MLNet.Models.Autoencoders;

namespace GenAi.MLNet;

/// <summary>Autoencoder and VAE estimators on <see cref="GenerativeCatalog"/>.</summary>
public static class AutoencoderCatalog
{
    /// <summary>
    /// A variational autoencoder (Kingma and Welling 2014) trained on a float vector column.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="featureColumnName">Input: a known-size vector of Single (values in [0, 1] for the default Bernoulli likelihood).</param>
    /// <param name="latentDimension">Size of the latent code.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="architecture">MLP, or convolutional for images.</param>
    /// <param name="beta">Weight of the KL term (1 = the ELBO).</param>
    /// <remarks>
    /// <list type="table">
    /// <listheader><term>Column</term><description>Type</description></listheader>
    /// <item><term>featureColumnName (input)</term><description>known-size vector of Single</description></item>
    /// <item><term>Latent</term><description>vector of Single: posterior mean mu</description></item>
    /// <item><term>Reconstruction</term><description>vector of Single, the input's shape</description></item>
    /// <item><term>ReconstructionError</term><description>Single, nats</description></item>
    /// <item><term>NegativeElbo</term><description>Single, nats</description></item>
    /// <item><term>Kl</term><description>Single, nats</description></item>
    /// <item><term>Score</term><description>Single, the anomaly score (default: negative ELBO)</description></item>
    /// </list>
    /// </remarks>
    public static VaeEstimator Vae(this GenerativeCatalog catalog, string featureColumnName = "Features", int latentDimension = 20,
        int epochs = 10, AutoencoderArchitecture architecture = AutoencoderArchitecture.Mlp, double beta = 1.0)
        => Vae(catalog, new VaeOptions
        {
            FeatureColumnName = featureColumnName,
            LatentDimension = latentDimension,
            Epochs = epochs,
            Architecture = architecture,
            Beta = beta,
        });

    /// <summary>A variational autoencoder with every option.</summary>
    public static VaeEstimator Vae(this GenerativeCatalog catalog, VaeOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new VaeEstimator(catalog.Context, options);
    }

    /// <summary>A plain (deterministic) autoencoder trained on a float vector column.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="featureColumnName">Input: a known-size vector of Single.</param>
    /// <param name="latentDimension">Size of the code.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="architecture">MLP, or convolutional for images.</param>
    /// <remarks>Output columns: Latent, Reconstruction, ReconstructionError, Score (= ReconstructionError).</remarks>
    public static AutoencoderEstimator Autoencoder(this GenerativeCatalog catalog, string featureColumnName = "Features", int latentDimension = 20,
        int epochs = 10, AutoencoderArchitecture architecture = AutoencoderArchitecture.Mlp)
        => Autoencoder(catalog, new AutoencoderOptions
        {
            FeatureColumnName = featureColumnName,
            LatentDimension = latentDimension,
            Epochs = epochs,
            Architecture = architecture,
        });

    /// <summary>A plain autoencoder with every option.</summary>
    public static AutoencoderEstimator Autoencoder(this GenerativeCatalog catalog, AutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AutoencoderEstimator(catalog.Context, options);
    }
}
