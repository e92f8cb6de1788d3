using System;
using GenAi.MLNet.Models.Gan;

namespace GenAi.MLNet;

/// <summary>GAN estimators on <see cref="GenerativeCatalog"/>.</summary>
public static class GanCatalog
{
    /// <summary>
    /// A generative adversarial network (Goodfellow et al. 2014) trained on a float vector column;
    /// with <paramref name="labelColumnName"/>, a conditional GAN (Mirza and Osindero 2014).
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="featureColumnName">Input: a known-size vector of Single (in [0, 1] for the default sigmoid output).</param>
    /// <param name="labelColumnName">Optional class column (key or whole number) for a conditional GAN.</param>
    /// <param name="architecture">MLP, or DCGAN for images.</param>
    /// <param name="loss">The adversarial loss.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <remarks>
    /// <list type="table">
    /// <listheader><term>Column</term><description>Type</description></listheader>
    /// <item><term>featureColumnName (input)</term><description>known-size vector of Single</description></item>
    /// <item><term>labelColumnName (input, optional)</term><description>key or numeric class</description></item>
    /// <item><term>Realness</term><description>Single: the discriminator's score of the row</description></item>
    /// </list>
    /// <see cref="GanTransformer.Generate"/> returns new rows with the same columns.
    /// </remarks>
    public static GanEstimator Gan(this GenerativeCatalog catalog, string featureColumnName = "Features", string? labelColumnName = null,
        GanArchitecture architecture = GanArchitecture.Mlp, GanLoss loss = GanLoss.NonSaturating, int epochs = 10)
        => Gan(catalog, new GanOptions
        {
            FeatureColumnName = featureColumnName,
            LabelColumnName = labelColumnName,
            Architecture = architecture,
            Loss = loss,
            Epochs = epochs,
        });

    /// <summary>A GAN with every option.</summary>
    public static GanEstimator Gan(this GenerativeCatalog catalog, GanOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new GanEstimator(catalog.Context, options);
    }
}
