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
