using System;

namespace GenAi.MLNet.Comparisons;

/// <summary>How <see cref="ComparisonCatalog.Oversample"/> makes extra minority rows.</summary>
public enum OversamplingMethod
{
    /// <summary>No extra rows: the data as it is (the baseline).</summary>
    None,

    /// <summary>Copies of minority rows drawn at random (random oversampling).</summary>
    Duplicate,

    /// <summary>Rows drawn from a Gaussian per feature fitted to the minority rows (the naive Bayes class model); one minority row gives copies of it.</summary>
    Gaussian,

    /// <summary>Rows decoded from a VAE trained on the minority rows alone (Gaussian likelihood, with observation noise).</summary>
    Vae,

    /// <summary>Rows sampled from a RealNVP flow trained on the minority rows alone.</summary>
    Flow,
}

/// <summary>Options of <see cref="ComparisonCatalog.Oversample"/>.</summary>
public sealed class OversamplingOptions
{
    /// <summary>Input: known-size vector of Single. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Input: Boolean, true for the minority class (e.g. fraud, default). Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>How the extra rows are made. Default <see cref="OversamplingMethod.Vae"/>.</summary>
    public OversamplingMethod Method { get; set; } = OversamplingMethod.Vae;

    /// <summary>The minority's share of the rows afterwards, in (0, 1). Default 0.5 (balanced).</summary>
    public double TargetFraction { get; set; } = 0.5;

    /// <summary>Training epochs of the VAE or flow (over the minority rows). Default 200.</summary>
    public int Epochs { get; set; } = 200;

    /// <summary>Seed of the draws and of the generator; null (default) takes one from the <c>MLContext</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>Checks every option; errors name the option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(FeatureColumnName))
        {
            throw new ArgumentException("FeatureColumnName must name a column.", nameof(FeatureColumnName));
        }

        if (string.IsNullOrWhiteSpace(LabelColumnName))
        {
            throw new ArgumentException("LabelColumnName must name a column.", nameof(LabelColumnName));
        }

        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "Unknown oversampling method.");
        }

        if (!(TargetFraction > 0 && TargetFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetFraction), TargetFraction, "TargetFraction must lie strictly between 0 and 1.");
        }

        if (Epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be at least 1.");
        }
    }
}
