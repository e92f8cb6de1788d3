using System;
using GenAi.MLNet.Core;
using GenAi.MLNet.Data;

namespace GenAi.MLNet.Models.Gan;

/// <summary>
/// Builds the GAN's networks from options, outside an estimator: for notebooks and experiments that write a
/// training loop by hand with the very modules the estimator trains.
/// </summary>
public static class GanNetworks
{
    /// <summary>The generator <paramref name="options"/> describe for rows of <paramref name="dataShape"/>, initialised from <paramref name="seed"/>.</summary>
    /// <param name="options">Architecture, widths, channels, normalisation, output activation (Auto means Sigmoid here) and initialisation.</param>
    /// <param name="dataShape">The shape of a data row, e.g. <c>VectorShape.ForImage(1, 28, 28)</c>.</param>
    /// <param name="seed">Seed of the initial weights.</param>
    /// <param name="classes">Number of classes of a conditional GAN; 0 for an unconditional one.</param>
    public static GanGenerator Generator(GanOptions options, VectorShape dataShape, int seed, int classes = 0)
    {
        var spec = Spec(options, dataShape, classes);
        return TorchRandom.Build(seed, () => new GanGenerator(spec));
    }

    /// <summary>The discriminator <paramref name="options"/> describe (parameters as <see cref="Generator"/>).</summary>
    public static GanDiscriminator Discriminator(GanOptions options, VectorShape dataShape, int seed, int classes = 0)
    {
        var spec = Spec(options, dataShape, classes);
        return TorchRandom.Build(seed, () => new GanDiscriminator(spec));
    }

    private static GanSpec Spec(GanOptions options, VectorShape dataShape, int classes)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(classes);
        options.Validate();
        return GanSpec.From(options, dataShape, classes);
    }
}
