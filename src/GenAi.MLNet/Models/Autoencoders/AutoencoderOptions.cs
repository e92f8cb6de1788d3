using System;
using System.Linq;
using GenAi.MLNet.Training;

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>
/// Options of the (plain) autoencoder. Network defaults are those of the pytorch/examples MNIST VAE
/// (784-400-20); the likelihood is chosen from the data unless set.
/// </summary>
public class AutoencoderOptions : TorchTrainerOptions
{
    /// <summary>The input column: a known-size vector of Single (an image's <c>(C, H, W)</c> or a row of features). Default <c>"Features"</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Encoder/decoder family. Default <see cref="AutoencoderArchitecture.Mlp"/>.</summary>
    public AutoencoderArchitecture Architecture { get; set; } = AutoencoderArchitecture.Mlp;

    /// <summary>Hidden layer widths of the MLP encoder (the decoder mirrors them). Default <c>[400]</c>.</summary>
    public int[] HiddenSizes { get; set; } = [400];

    /// <summary>Output channels of each convolutional encoder stage; each stage halves height and width. Default <c>[32, 64]</c>.</summary>
    public int[] ConvChannels { get; set; } = [32, 64];

    /// <summary>Latent dimension. Default 20.</summary>
    public int LatentDimension { get; set; } = 20;

    /// <summary>
    /// Reconstruction likelihood. Default <see cref="ReconstructionLikelihood.Auto"/>: Bernoulli for data in
    /// [0, 1] (images), Gaussian otherwise (standardised tabular data).
    /// </summary>
    public ReconstructionLikelihood Likelihood { get; set; } = ReconstructionLikelihood.Auto;

    /// <summary>
    /// Standard deviation of the Gaussian likelihood. Default null: calibrated per feature, in training to the
    /// batch's reconstruction error (the maximum-likelihood sigma, Rybkin et al. 2021) and at inference to its
    /// running average, which keeps the reconstruction term in proportion to the KL term whatever the data's
    /// scale. A fixed value (e.g. 1) weighs squared error by 1 / (2 sigma^2); too large a sigma for the data
    /// lets a VAE ignore its latent code (posterior collapse: 0 of 8 dimensions active on standardised data).
    /// </summary>
    public double? GaussianSigma { get; set; }

    /// <summary>
    /// Dropout on the encoder's input during training, in [0, 1). Default 0. The multinomial VAE for recommendation
    /// (Liang et al. 2018) uses 0.5: hiding half of a user's items and asking for all of them is what makes it
    /// recommend rather than copy.
    /// </summary>
    public double InputDropout { get; set; }

    /// <summary>Output column: the latent code (for a VAE the posterior mean mu). Default <c>"Latent"</c>.</summary>
    public string LatentColumnName { get; set; } = "Latent";

    /// <summary>Output column: the reconstruction in data space. Default <c>"Reconstruction"</c>.</summary>
    public string ReconstructionColumnName { get; set; } = "Reconstruction";

    /// <summary>Output column: per-row reconstruction negative log-likelihood (nats). Default <c>"ReconstructionError"</c>.</summary>
    public string ReconstructionErrorColumnName { get; set; } = "ReconstructionError";

    /// <summary>
    /// Output column: the anomaly score (Single, higher = more unusual), the score column of
    /// <c>mlContext.AnomalyDetection.Evaluate</c>. Default <c>"AnomalyScore"</c> — not ML.NET's "Score", so a
    /// trainer after the autoencoder in a pipeline does not hide it.
    /// </summary>
    public string ScoreColumnName { get; set; } = "AnomalyScore";

    /// <summary>
    /// Output column: true when the anomaly score exceeds the threshold (Boolean), the predicted-label column
    /// of <c>mlContext.AnomalyDetection.Evaluate</c>. Default <c>"IsAnomaly"</c>.
    /// </summary>
    public string PredictedLabelColumnName { get; set; } = "IsAnomaly";

    /// <summary>The anomaly score above which a row is flagged; null (default) uses <see cref="AnomalyQuantile"/> of the validation rows' scores (with <see cref="TorchTrainerOptions.ValidationFraction"/> or validation data passed to Fit), else of the training rows'.</summary>
    public double? AnomalyThreshold { get; set; }

    /// <summary>
    /// With no <see cref="AnomalyThreshold"/>, the share of normal rows to pass: the threshold is this quantile
    /// of the validation rows' scores, or of the training rows' when there are none — then new normal rows,
    /// which the model has not fitted, are flagged more often than 1 − quantile. Default 0.99.
    /// </summary>
    public double AnomalyQuantile { get; set; } = 0.99;

    /// <summary>Whether the model is variational.</summary>
    internal virtual bool IsVariational => false;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(FeatureColumnName))
        {
            throw new ArgumentException("FeatureColumnName must name a column.", nameof(FeatureColumnName));
        }

        Positive(LatentDimension, nameof(LatentDimension));
        if (HiddenSizes is null || HiddenSizes.Any(h => h <= 0))
        {
            throw new ArgumentException("HiddenSizes must be a list of positive widths (it may be empty).", nameof(HiddenSizes));
        }

        if (ConvChannels is null || ConvChannels.Length == 0 || ConvChannels.Any(c => c <= 0))
        {
            throw new ArgumentException("ConvChannels must list at least one positive channel count.", nameof(ConvChannels));
        }

        if (!(InputDropout >= 0 && InputDropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(InputDropout), InputDropout, "InputDropout must lie in [0, 1).");
        }

        if (GaussianSigma is { } sigma)
        {
            PositiveFinite(sigma, nameof(GaussianSigma));
        }

        if (!Enum.IsDefined(Likelihood))
        {
            throw new ArgumentOutOfRangeException(nameof(Likelihood), Likelihood, "Unknown likelihood.");
        }

        if (!Enum.IsDefined(Architecture))
        {
            throw new ArgumentOutOfRangeException(nameof(Architecture), Architecture, "Unknown architecture.");
        }

        if (AnomalyThreshold is { } threshold && !double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(AnomalyThreshold), threshold, "AnomalyThreshold must be finite (or null).");
        }

        if (!(AnomalyQuantile > 0 && AnomalyQuantile < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(AnomalyQuantile), AnomalyQuantile, "AnomalyQuantile must lie in (0, 1).");
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
        (nameof(PredictedLabelColumnName), PredictedLabelColumnName),
    ];
}
