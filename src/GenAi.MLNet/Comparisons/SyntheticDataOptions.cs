using System;

namespace GenAi.MLNet.Comparisons;

/// <summary>How <see cref="SimulationCatalog.Synthesize"/> makes synthetic rows.</summary>
public enum SynthesisMethod
{
    /// <summary>Real rows copied at random: the negative control — as useful as the real data, and no privacy at all.</summary>
    Copy,

    /// <summary>An independent Gaussian per feature and class: the marginals' means and spreads, no correlations (a naive Bayes class model).</summary>
    Gaussian,

    /// <summary>A VAE per class (Gaussian likelihood, decoded with observation noise).</summary>
    Vae,

    /// <summary>A RealNVP flow per class.</summary>
    Flow,

    /// <summary>A GAN per class (the library's MLP GAN: non-saturating loss, output range from the data).</summary>
    Gan,
}

/// <summary>Options of <see cref="SimulationCatalog.Synthesize"/>.</summary>
public sealed class SyntheticDataOptions
{
    /// <summary>Input and output: known-size vector of Single (standardise it first: the generators train better on unit scales). Default "Features".</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Input and output: a Boolean label; one generator is trained per class and each class keeps its share of the rows. Null: unlabelled, one generator. Default "Label".</summary>
    public string? LabelColumnName { get; set; } = "Label";

    /// <summary>How the rows are made. Default <see cref="SynthesisMethod.Vae"/>.</summary>
    public SynthesisMethod Method { get; set; } = SynthesisMethod.Vae;

    /// <summary>How many rows to make; null (default) as many as the real data has.</summary>
    public int? Rows { get; set; }

    /// <summary>Training epochs of each VAE, flow or GAN. Default 200.</summary>
    public int Epochs { get; set; } = 200;

    /// <summary>Seed of the draws and of the generators; null (default) takes one from the <c>MLContext</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>Checks every option; errors name the option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(FeatureColumnName))
        {
            throw new ArgumentException("FeatureColumnName must name a column.", nameof(FeatureColumnName));
        }

        if (LabelColumnName is not null && string.IsNullOrWhiteSpace(LabelColumnName))
        {
            throw new ArgumentException("LabelColumnName must name a column or be null.", nameof(LabelColumnName));
        }

        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "Unknown synthesis method.");
        }

        if (Rows is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Rows), Rows, "Rows must be positive (or null for as many as the real data).");
        }

        if (Epochs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be positive.");
        }
    }
}
