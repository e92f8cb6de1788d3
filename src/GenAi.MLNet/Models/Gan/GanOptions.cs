using System;
using System.Linq;
using GenAi.MLNet.Training;

namespace GenAi.MLNet.Models.Gan;

/// <summary>
/// Options of the GAN estimator: architecture, loss and the remedies for unstable training. Defaults
/// give a non-saturating GAN with Adam(2e-4, beta1 = 0.5) as in DCGAN.
/// </summary>
public sealed class GanOptions : TorchTrainerOptions
{
    /// <summary>Creates options with the GAN defaults (learning rate 2e-4, batch 64, Adam beta1 0.5).</summary>
    public GanOptions()
    {
        LearningRate = 2e-4;
        BatchSize = 64;
        AdamBeta1 = 0.5;
    }

    /// <summary>The data column: a known-size vector of Single. Default <c>"Features"</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Network family. Default <see cref="GanArchitecture.Mlp"/>.</summary>
    public GanArchitecture Architecture { get; set; } = GanArchitecture.Mlp;

    /// <summary>
    /// Class-label column for a conditional GAN, or null (default) for an unconditional one: a key column
    /// (its key values are the class names) or a numeric column (its distinct values are the classes).
    /// </summary>
    public string? LabelColumnName { get; set; }

    /// <summary>Most classes a conditional GAN accepts (a guard against a numeric column that is not a class label). Default 1000.</summary>
    public int MaxClasses { get; set; } = 1000;

    /// <summary>Dimension of the noise z ~ N(0, I). Default 64.</summary>
    public int NoiseDimension { get; set; } = 64;

    /// <summary>MLP generator widths. Default <c>[256, 256]</c>.</summary>
    public int[] GeneratorHiddenSizes { get; set; } = [256, 256];

    /// <summary>MLP discriminator widths. Default <c>[256, 256]</c>.</summary>
    public int[] DiscriminatorHiddenSizes { get; set; } = [256, 256];

    /// <summary>DCGAN generator base channels (the first map has twice as many). Default 64.</summary>
    public int GeneratorChannels { get; set; } = 64;

    /// <summary>DCGAN discriminator base channels. Default 64.</summary>
    public int DiscriminatorChannels { get; set; } = 64;

    /// <summary>Batch normalisation in the generator. Default true.</summary>
    public bool BatchNorm { get; set; } = true;

    /// <summary>Maxout pieces per unit in the MLP discriminator; 1 (default) uses LeakyReLU(0.2) layers.</summary>
    public int MaxoutPieces { get; set; } = 1;

    /// <summary>
    /// Generator output activation. Default <see cref="GanOutputActivation.Auto"/>: sigmoid for data in [0, 1]
    /// (images), tanh for data in [-1, 1], none otherwise (standardised tabular data). Training data outside
    /// an explicitly chosen activation's range is an error naming the column.
    /// </summary>
    public GanOutputActivation OutputActivation { get; set; } = GanOutputActivation.Auto;

    /// <summary>
    /// Standard deviation of the N(0, s) weight initialisation; 0 keeps PyTorch's default. Default null: 0.02
    /// for the convolutional architecture (DCGAN's recipe), PyTorch's default for MLPs (with 0.02 an MLP
    /// discriminator's outputs start so close to 0 that D(x) = D(G(z)) = 0.5 for most of a short run).
    /// </summary>
    public double? InitStd { get; set; }

    /// <summary>The adversarial loss. Default <see cref="GanLoss.NonSaturating"/>.</summary>
    public GanLoss Loss { get; set; } = GanLoss.NonSaturating;

    /// <summary>Gradient-penalty weight lambda of WGAN-GP. Default 10.</summary>
    public double GradientPenaltyWeight { get; set; } = 10;

    /// <summary>Discriminator (critic) steps per generator step, n_critic. Default 1 (WGAN-GP usually uses 5).</summary>
    public int CriticSteps { get; set; } = 1;

    /// <summary>Spectral normalisation of every discriminator layer. Default false.</summary>
    public bool SpectralNorm { get; set; }

    /// <summary>Train the generator to match the mean of the discriminator's last hidden features instead of fooling it. Default false.</summary>
    public bool FeatureMatching { get; set; }

    /// <summary>Target for real samples in the discriminator's cross-entropy (one-sided label smoothing uses 0.9). Default 1.</summary>
    public double RealLabel { get; set; } = 1.0;

    /// <summary>Generator learning rate; null (default) uses <see cref="TorchTrainerOptions.LearningRate"/>. Set both rates apart for TTUR.</summary>
    public double? GeneratorLearningRate { get; set; }

    /// <summary>Discriminator learning rate; null (default) uses <see cref="TorchTrainerOptions.LearningRate"/>.</summary>
    public double? DiscriminatorLearningRate { get; set; }

    /// <summary>Decay of an exponential moving average of the generator's weights used for generation; 0 (default) turns it off, 0.999 is typical.</summary>
    public double GeneratorEma { get; set; }

    /// <summary>Packing degree m (PacGAN): the discriminator judges m samples at once. Default 1.</summary>
    public int Pack { get; set; } = 1;

    /// <summary>Stop after this many generator steps (null: run every epoch). The 2-D lab counts its budget this way.</summary>
    public long? MaxGeneratorSteps { get; set; }

    /// <summary>Epochs after which to keep generated samples (from fixed noise) in <see cref="GanTransformer.Snapshots"/>. Default none.</summary>
    public int[] SnapshotEpochs { get; set; } = [];

    /// <summary>Samples per snapshot. Default 64.</summary>
    public int SnapshotSize { get; set; } = 64;

    /// <summary>Output column: the discriminator's realness score of each input row (its probability for cross-entropy losses, the critic value otherwise). Default <c>"Realness"</c>.</summary>
    public string ScoreColumnName { get; set; } = "Realness";

    internal double GeneratorRate => GeneratorLearningRate ?? LearningRate;

    internal double DiscriminatorRate => DiscriminatorLearningRate ?? LearningRate;

    internal double ResolvedInitStd => InitStd ?? (Architecture == GanArchitecture.Convolutional ? 0.02 : 0);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (ValidationFraction > 0 || EarlyStoppingPatience > 0)
        {
            throw new ArgumentException(
                "GANs have no validation loss to monitor: leave ValidationFraction and EarlyStoppingPatience at 0 and bound training with Epochs or MaxGeneratorSteps.",
                ValidationFraction > 0 ? nameof(ValidationFraction) : nameof(EarlyStoppingPatience));
        }

        if (string.IsNullOrWhiteSpace(FeatureColumnName))
        {
            throw new ArgumentException("FeatureColumnName must name a column.", nameof(FeatureColumnName));
        }

        if (GradientAccumulationSteps != 1)
        {
            throw new ArgumentException("GANs alternate two optimizers every batch: GradientAccumulationSteps must be 1.", nameof(GradientAccumulationSteps));
        }

        Positive(MaxClasses, nameof(MaxClasses));
        if (InitStd is { } std && (!(std >= 0) || double.IsInfinity(std)))
        {
            throw new ArgumentOutOfRangeException(nameof(InitStd), std, "InitStd must be non-negative and finite (or null for the architecture's default).");
        }

        if (!Enum.IsDefined(OutputActivation) || !Enum.IsDefined(Architecture) || !Enum.IsDefined(Loss))
        {
            throw new ArgumentOutOfRangeException(nameof(OutputActivation), "Unknown OutputActivation, Architecture or Loss.");
        }

        Positive(NoiseDimension, nameof(NoiseDimension));
        Positive(GeneratorChannels, nameof(GeneratorChannels));
        Positive(DiscriminatorChannels, nameof(DiscriminatorChannels));
        Positive(MaxoutPieces, nameof(MaxoutPieces));
        Positive(CriticSteps, nameof(CriticSteps));
        Positive(Pack, nameof(Pack));
        Positive(SnapshotSize, nameof(SnapshotSize));
        if (GeneratorHiddenSizes is null || GeneratorHiddenSizes.Any(h => h <= 0))
        {
            throw new ArgumentException("GeneratorHiddenSizes must list positive widths.", nameof(GeneratorHiddenSizes));
        }

        if (DiscriminatorHiddenSizes is null || DiscriminatorHiddenSizes.Length == 0 || DiscriminatorHiddenSizes.Any(h => h <= 0))
        {
            throw new ArgumentException("DiscriminatorHiddenSizes must list at least one positive width.", nameof(DiscriminatorHiddenSizes));
        }

        if (BatchSize % Pack != 0)
        {
            throw new ArgumentException($"BatchSize ({BatchSize}) must be a multiple of Pack ({Pack}).", nameof(Pack));
        }

        if (!(GradientPenaltyWeight >= 0) || double.IsInfinity(GradientPenaltyWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(GradientPenaltyWeight), GradientPenaltyWeight, "GradientPenaltyWeight must be non-negative and finite.");
        }

        if (!(RealLabel > 0 && RealLabel <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(RealLabel), RealLabel, "RealLabel must lie in (0, 1].");
        }

        foreach (var (name, rate) in new[] { (nameof(GeneratorLearningRate), GeneratorLearningRate), (nameof(DiscriminatorLearningRate), DiscriminatorLearningRate) })
        {
            if (rate is { } r && (!(r > 0) || double.IsInfinity(r)))
            {
                throw new ArgumentOutOfRangeException(name, r, $"{name} must be positive and finite.");
            }
        }

        if (!(GeneratorEma >= 0 && GeneratorEma < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(GeneratorEma), GeneratorEma, "GeneratorEma must lie in [0, 1).");
        }

        if (MaxGeneratorSteps is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxGeneratorSteps), MaxGeneratorSteps, "MaxGeneratorSteps must be positive (or null).");
        }

        if (FeatureMatching && Pack > 1)
        {
            throw new ArgumentException("FeatureMatching with Pack > 1 is not supported.", nameof(FeatureMatching));
        }

        if (SnapshotEpochs is null || SnapshotEpochs.Any(e => e <= 0))
        {
            throw new ArgumentException("SnapshotEpochs must list positive epoch numbers.", nameof(SnapshotEpochs));
        }

        if (string.IsNullOrWhiteSpace(ScoreColumnName))
        {
            throw new ArgumentException("ScoreColumnName must name a column.", nameof(ScoreColumnName));
        }

        if (LabelColumnName is not null && string.IsNullOrWhiteSpace(LabelColumnName))
        {
            throw new ArgumentException("LabelColumnName must name a column or be null.", nameof(LabelColumnName));
        }
    }
}
