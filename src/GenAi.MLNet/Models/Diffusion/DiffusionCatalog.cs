using System;
using GenAi.MLNet.Models.Diffusion;

namespace GenAi.MLNet;

/// <summary>Diffusion-model estimators on <see cref="GenerativeCatalog"/>.</summary>
public static class DiffusionCatalog
{
    /// <summary>
    /// A denoising diffusion model (DDPM, Ho et al. 2020) on a float vector column, sampled with DDIM; with a
    /// label column, class-conditional with classifier-free guidance.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="featureColumnName">Input: a known-size vector of Single.</param>
    /// <param name="labelColumnName">Optional class column (key, Boolean or numeric) for a conditional model.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="timesteps">Diffusion steps T.</param>
    /// <remarks>
    /// <list type="table">
    /// <listheader><term>Column</term><description>Type</description></listheader>
    /// <item><term>featureColumnName (input)</term><description>known-size vector of Single</description></item>
    /// <item><term>labelColumnName (input, optional)</term><description>key, Boolean or numeric</description></item>
    /// <item><term>DenoisingError</term><description>Single: higher is more unusual</description></item>
    /// </list>
    /// </remarks>
    public static DiffusionEstimator Diffusion(this GenerativeCatalog catalog, string featureColumnName = "Features", string? labelColumnName = null, int epochs = 100, int timesteps = 1000)
        => Diffusion(catalog, new DiffusionOptions
        {
            FeatureColumnName = featureColumnName,
            LabelColumnName = labelColumnName,
            Epochs = epochs,
            Timesteps = timesteps,
        });

    /// <summary>A denoising diffusion model with every option.</summary>
    public static DiffusionEstimator Diffusion(this GenerativeCatalog catalog, DiffusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DiffusionEstimator(catalog.Context, options);
    }
}
