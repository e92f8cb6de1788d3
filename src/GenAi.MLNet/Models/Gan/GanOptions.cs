using System;
using System.Linq;
using GenAi.MLNet.Training;

namespace GenAi.MLNet.Models.Gan;

/// <summary>The adversarial loss.</summary>
public enum GanLoss
{
    /// <summary>The original minimax game: G minimises log(1 - D(G(z))) (saturates early in training).</summary>
    Minimax,

    /// <summary>The non-saturating variant: G maximises log D(G(z)). The usual default.</summary>
    NonSaturating,

    /// <summary>Wasserstein GAN with gradient penalty (WGAN-GP): a critic, <see cref="GanOptions.GradientPenaltyWeight"/>, usually with <see cref="GanOptions.CriticSteps"/> = 5.</summary>
    WassersteinGp,

    /// <summary>Hinge loss (as in SN-GAN and BigGAN).</summary>
    Hinge,
}

/// <summary>The generator's output activation.</summary>
public enum GanOutputActivation
{
    /// <summary>None (real-valued data, e.g. 2-D points or standardised tabular features).</summary>
    None,

    /// <summary>Sigmoid, for data in [0, 1] such as the library's images.</summary>
    Sigmoid,

    /// <summary>Tanh, for data in [-1, 1].</summary>
    Tanh,
}

/// <summary>The network family.</summary>
public enum GanArchitecture
{
    /// <summary>Fully connected generator and discriminator; any vector data.</summary>
    Mlp,

    /// <summary>DCGAN: transposed-convolution generator and convolutional discriminator; needs an image shape with H and W divisible by 4.</summary>
    Convolutional,
}

/// <summary>
/// Options of the GAN estimator: architecture, loss and the remedies for unstable training. Defaults
/// give a non-saturating GAN with Adam(2e-4, beta1 = 0.5) as in DCGAN.
/// </summary>
public sealed class GanOptions : TorchTrainerOptions
{
    /// <summary>Creates options with the GAN defaults (learning rate 2e-4, batch 64).</summary>
    public GanOptions()
    {
        LearningRate = 2e-4;
        BatchSize = 64;
    }

    /// <summary>Network family. Default <see cref="GanArchitecture.Mlp"/>.</summary>
    public GanArchitecture Architecture { get; set; } = GanArchitecture.Mlp;

    /// <summary>Class-label column for a conditional GAN (key or whole-number column), or null (default) for an unconditional one.</summary>
    public string? LabelColumnName { get; set; }

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

    /// <summary>Generator output activation. Default <see cref="GanOutputActivation.Sigmoid"/> (data in [0, 1]).</summary>
    public GanOutputActivation OutputActivation { get; set; } = GanOutputActivation.Sigmoid;

    /// <summary>Standard deviation of the N(0, s) weight initialisation (DCGAN, PacGAN); 0 keeps PyTorch's default. Default 0.02.</summary>
    public double InitStd { get; set; } = 0.02;

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

    /// <summary>Adam's beta1 for both networks. Default 0.5 (DCGAN).</summary>
    public double AdamBeta1 { get; set; } = 0.5;

    /// <summary>Adam's beta2 for both networks. Default 0.999.</summary>
    public double AdamBeta2 { get; set; } = 0.999;

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

        if (!(AdamBeta1 >= 0 && AdamBeta1 < 1) || !(AdamBeta2 >= 0 && AdamBeta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(AdamBeta1), "AdamBeta1 and AdamBeta2 must lie in [0, 1).");
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
