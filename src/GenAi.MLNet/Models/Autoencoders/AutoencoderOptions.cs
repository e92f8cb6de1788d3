using System;
using System.Linq;
using GenAi.MLNet.Training;

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>The encoder and decoder family.</summary>
public enum AutoencoderArchitecture
{
    /// <summary>Fully connected layers (<see cref="AutoencoderOptions.HiddenSizes"/>); works on any vector.</summary>
    Mlp,

    /// <summary>
    /// Strided convolutions (<see cref="AutoencoderOptions.ConvChannels"/>); needs an image shape in the
    /// feature column's dimensions, e.g. <c>(1, 28, 28)</c>, with height and width divisible by 2^stages.
    /// </summary>
    Convolutional,
}

/// <summary>The decoder's likelihood p(x|z), which sets the reconstruction loss.</summary>
public enum ReconstructionLikelihood
{
    /// <summary>Bernoulli per value (binary cross-entropy); inputs must lie in [0, 1]. Reconstructions pass through a sigmoid.</summary>
    Bernoulli,

    /// <summary>Gaussian with fixed standard deviation <see cref="AutoencoderOptions.GaussianSigma"/> (squared error); any real inputs.</summary>
    Gaussian,
}

/// <summary>What the <c>Score</c> column holds (higher = more anomalous).</summary>
public enum AnomalyScoreKind
{
    /// <summary>The per-row reconstruction negative log-likelihood of the decoded posterior mean.</summary>
    ReconstructionError,

    /// <summary>The per-row negative ELBO (VAE only): reconstruction plus KL, an upper bound on -log p(x).</summary>
    NegativeElbo,
}

/// <summary>Options of the (plain) autoencoder. Defaults are those of the pytorch/examples MNIST VAE.</summary>
public class AutoencoderOptions : TorchTrainerOptions
{
    /// <summary>Encoder/decoder family. Default <see cref="AutoencoderArchitecture.Mlp"/>.</summary>
    public AutoencoderArchitecture Architecture { get; set; } = AutoencoderArchitecture.Mlp;

    /// <summary>Hidden layer widths of the MLP encoder (the decoder mirrors them). Default <c>[400]</c>.</summary>
    public int[] HiddenSizes { get; set; } = [400];

    /// <summary>Output channels of each convolutional encoder stage; each stage halves height and width. Default <c>[32, 64]</c>.</summary>
    public int[] ConvChannels { get; set; } = [32, 64];

    /// <summary>Latent dimension. Default 20.</summary>
    public int LatentDimension { get; set; } = 20;

    /// <summary>Reconstruction likelihood. Default <see cref="ReconstructionLikelihood.Bernoulli"/> (inputs in [0, 1]).</summary>
    public ReconstructionLikelihood Likelihood { get; set; } = ReconstructionLikelihood.Bernoulli;

    /// <summary>Standard deviation of the Gaussian likelihood. Default 1 (suits standardised features).</summary>
    public double GaussianSigma { get; set; } = 1.0;

    /// <summary>Output column: the latent code (for a VAE the posterior mean mu). Default <c>"Latent"</c>.</summary>
    public string LatentColumnName { get; set; } = "Latent";

    /// <summary>Output column: the reconstruction in data space. Default <c>"Reconstruction"</c>.</summary>
    public string ReconstructionColumnName { get; set; } = "Reconstruction";

    /// <summary>Output column: per-row reconstruction negative log-likelihood (nats). Default <c>"ReconstructionError"</c>.</summary>
    public string ReconstructionErrorColumnName { get; set; } = "ReconstructionError";

    /// <summary>Output column: the anomaly score. Default <c>"Score"</c>.</summary>
    public string ScoreColumnName { get; set; } = "Score";

    /// <summary>Whether the model is variational.</summary>
    internal virtual bool IsVariational => false;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Positive(LatentDimension, nameof(LatentDimension));
        if (HiddenSizes is null || HiddenSizes.Any(h => h <= 0))
        {
            throw new ArgumentException("HiddenSizes must be a list of positive widths (it may be empty).", nameof(HiddenSizes));
        }

        if (ConvChannels is null || ConvChannels.Length == 0 || ConvChannels.Any(c => c <= 0))
        {
            throw new ArgumentException("ConvChannels must list at least one positive channel count.", nameof(ConvChannels));
        }

        if (!(GaussianSigma > 0) || double.IsInfinity(GaussianSigma))
        {
            throw new ArgumentOutOfRangeException(nameof(GaussianSigma), GaussianSigma, "GaussianSigma must be positive and finite.");
        }

        if (!Enum.IsDefined(Likelihood))
        {
            throw new ArgumentOutOfRangeException(nameof(Likelihood), Likelihood, "Unknown likelihood.");
        }

        if (!Enum.IsDefined(Architecture))
        {
            throw new ArgumentOutOfRangeException(nameof(Architecture), Architecture, "Unknown architecture.");
        }

        foreach (var (name, value) in OutputColumnNames())
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"{name} must name a column.", name);
            }
        }

        var names = OutputColumnNames().Select(p => p.Value).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new ArgumentException($"Output column names must differ: {string.Join(", ", names)}.", nameof(LatentColumnName));
        }
    }

    internal virtual (string Name, string Value)[] OutputColumnNames() =>
    [
        (nameof(LatentColumnName), LatentColumnName),
        (nameof(ReconstructionColumnName), ReconstructionColumnName),
        (nameof(ReconstructionErrorColumnName), ReconstructionErrorColumnName),
        (nameof(ScoreColumnName), ScoreColumnName),
    ];
}

/// <summary>Options of the variational autoencoder.</summary>
public sealed class VaeOptions : AutoencoderOptions
{
    /// <summary>Weight of the KL term (beta-VAE, Higgins et al. 2017); 1 gives the true ELBO. Default 1.</summary>
    public double Beta { get; set; } = 1.0;

    /// <summary>Output column: the per-row negative ELBO (nats), an upper bound on -log p(x). Default <c>"NegativeElbo"</c>.</summary>
    public string NegativeElboColumnName { get; set; } = "NegativeElbo";

    /// <summary>Output column: the per-row KL(q(z|x) || N(0, I)) in nats (the "rate"). Default <c>"Kl"</c>.</summary>
    public string KlColumnName { get; set; } = "Kl";

    /// <summary>
    /// Monte-Carlo samples of z per row for the <c>NegativeElbo</c> column. The same noise draws
    /// (fixed by the seed) serve every row, so a row's value does not depend on its batch. Default 8.
    /// </summary>
    public int ElboSamples { get; set; } = 8;

    /// <summary>What the <c>Score</c> column holds. Default <see cref="AnomalyScoreKind.NegativeElbo"/>.</summary>
    public AnomalyScoreKind AnomalyScore { get; set; } = AnomalyScoreKind.NegativeElbo;

    internal override bool IsVariational => true;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (!(Beta >= 0) || double.IsInfinity(Beta))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta), Beta, "Beta must be non-negative and finite.");
        }

        Positive(ElboSamples, nameof(ElboSamples));
        if (!Enum.IsDefined(AnomalyScore))
        {
            throw new ArgumentOutOfRangeException(nameof(AnomalyScore), AnomalyScore, "Unknown anomaly score.");
        }
    }

    internal override (string Name, string Value)[] OutputColumnNames() =>
        [.. base.OutputColumnNames(), (nameof(NegativeElboColumnName), NegativeElboColumnName), (nameof(KlColumnName), KlColumnName)];
}
