using System;
using GenAi.MLNet.Models.Autoregressive;

namespace GenAi.MLNet;

/// <summary>Autoregressive image and audio estimators on <see cref="GenerativeCatalog"/>.</summary>
public static class AutoregressiveCatalog
{
    /// <summary>
    /// PixelCNN (van den Oord et al. 2016): an exact-likelihood autoregressive model of images, pixel by pixel
    /// through masked convolutions.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="featureColumnName">Input: an image column (vector of Single with dimensions (C, H, W) or (H, W)), values in [0, 1].</param>
    /// <param name="levels">Levels per value (2: binarised at 0.5).</param>
    /// <param name="epochs">Passes over the training images.</param>
    /// <remarks>
    /// <list type="table">
    /// <listheader><term>Column</term><description>Type</description></listheader>
    /// <item><term>featureColumnName (input)</term><description>image vector of Single in [0, 1]</description></item>
    /// <item><term>LogLikelihood</term><description>Single: nats per image</description></item>
    /// <item><term>BitsPerDimension</term><description>Single</description></item>
    /// </list>
    /// </remarks>
    public static PixelCnnEstimator PixelCnn(this GenerativeCatalog catalog, string featureColumnName = "Features", int levels = 2, int epochs = 10)
        => PixelCnn(catalog, new PixelCnnOptions { FeatureColumnName = featureColumnName, Levels = levels, Epochs = epochs });

    /// <summary>PixelCNN with every option.</summary>
    public static PixelCnnEstimator PixelCnn(this GenerativeCatalog catalog, PixelCnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PixelCnnEstimator(catalog.Context, options);
    }

    /// <summary>
    /// A WaveNet-style audio model (van den Oord et al. 2016): dilated causal convolutions with gated activations
    /// over μ-law classes, on a column of clips (one per row, samples in [−1, 1]).
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="featureColumnName">Input: a known-size vector of Single per clip.</param>
    /// <param name="epochs">Passes over the clips.</param>
    /// <remarks>
    /// <list type="table">
    /// <listheader><term>Column</term><description>Type</description></listheader>
    /// <item><term>featureColumnName (input)</term><description>vector of Single in [−1, 1]</description></item>
    /// <item><term>LogLikelihood</term><description>Single: nats per clip</description></item>
    /// <item><term>BitsPerSample</term><description>Single</description></item>
    /// </list>
    /// </remarks>
    public static WaveNetEstimator WaveNet(this GenerativeCatalog catalog, string featureColumnName = "Features", int epochs = 20)
        => WaveNet(catalog, new WaveNetOptions { FeatureColumnName = featureColumnName, Epochs = epochs });

    /// <summary>A WaveNet with every option.</summary>
    public static WaveNetEstimator WaveNet(this GenerativeCatalog catalog, WaveNetOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new WaveNetEstimator(catalog.Context, options);
    }
}
