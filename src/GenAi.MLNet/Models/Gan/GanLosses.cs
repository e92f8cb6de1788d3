// The adversarial losses, on discriminator logits d (a WGAN critic's raw values for Wasserstein and hinge).
//
//   Minimax (Goodfellow et al. 2014):        D: -log s(d_real) - log(1 - s(d_fake));  G: log(1 - s(d_fake))
//   Non-saturating (same paper, section 3):  D: as minimax;                           G: -log s(d_fake)
//   Wasserstein with gradient penalty (Gulrajani et al., NeurIPS 2017):
//        D: d_fake - d_real + lambda (|grad D(x_hat)|_2 - 1)^2, x_hat = e x + (1 - e) x_fake, e ~ U[0, 1];  G: -d_fake
//   Hinge (Lim and Ye 2017; Miyato et al. 2018):  D: relu(1 - d_real) + relu(1 + d_fake);  G: -d_fake
//   Feature matching (Salimans et al., "Improved Techniques for Training GANs", NeurIPS 2016):
//        G: |mean f(x_real) - mean f(x_fake)|^2 on the discriminator's last hidden layer f.
//   One-sided label smoothing (same paper): real targets 0.9 instead of 1 in the discriminator's loss.
// s is the logistic sigmoid; -log s(d) = softplus(-d) and -log(1 - s(d)) = softplus(d), which stay finite.
using System;
using GenAi.MLNet.Core;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.Gan;

/// <summary>The adversarial losses (see the file header for the formulas and papers).</summary>
public static class GanLosses
{
    /// <summary>The discriminator's (critic's) loss, averaged over the batch.</summary>
    /// <param name="loss">Which loss.</param>
    /// <param name="real">Logits on real samples.</param>
    /// <param name="fake">Logits on generated samples.</param>
    /// <param name="realTarget">Target for real samples in the cross-entropy losses (1, or 0.9 with one-sided label smoothing).</param>
    public static Tensor Discriminator(GanLoss loss, Tensor real, Tensor fake, double realTarget = 1.0)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        using var target = realTarget.ToScalar();
        return loss switch
        {
            GanLoss.Minimax or GanLoss.NonSaturating =>
                functional.binary_cross_entropy_with_logits(real, full_like(real, target)).Plus(
                functional.binary_cross_entropy_with_logits(fake, zeros_like(fake))),
            GanLoss.WassersteinGp => fake.mean() - real.mean(),
            GanLoss.Hinge => functional.relu(real.SubtractedFrom(1)).mean().Plus(functional.relu(fake.Plus(1)).mean()),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown GAN loss."),
        };
    }

    /// <summary>The generator's loss, averaged over the batch.</summary>
    public static Tensor Generator(GanLoss loss, Tensor fake)
    {
        ArgumentNullException.ThrowIfNull(fake);
        return loss switch
        {
            GanLoss.Minimax => -functional.softplus(fake).mean(),       // log(1 - s(d)) = -softplus(d)
            GanLoss.NonSaturating => functional.softplus(-fake).mean(), // -log s(d) = softplus(-d)
            GanLoss.WassersteinGp or GanLoss.Hinge => -fake.mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown GAN loss."),
        };
    }

    /// <summary>
    /// The WGAN-GP penalty E[(|grad_x D(x_hat)|_2 - 1)^2] on random interpolates x_hat between real and
    /// generated rows (one uniform weight per row), differentiable so it can be minimised.
    /// </summary>
    public static Tensor GradientPenalty(GanDiscriminator discriminator, Tensor real, Tensor fake, Tensor? labels, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        var epsilon = rand([real.shape[0], 1], generator: generator).to(real.device);    // (B, 1)
        var mixed = (epsilon * real).Plus(epsilon.SubtractedFrom(1) * fake.detach()).requires_grad_(); // (B, D)
        var (logits, _) = discriminator.Judge(mixed, labels);
        var gradient = autograd.grad([logits.sum()], [mixed], retain_graph: true, create_graph: true)[0];   // (B, D)
        var m = discriminator.Spec.Pack;
        var perSample = gradient.narrow(0, 0, gradient.shape[0] / m * m).reshape(gradient.shape[0] / m, -1); // (B/m, m*D)
        return perSample.norm(1).Minus(1).Squared().mean();
    }

    /// <summary>Squared distance between the mean discriminator features of real and generated samples.</summary>
    public static Tensor FeatureMatching(Tensor realFeatures, Tensor fakeFeatures)
    {
        ArgumentNullException.ThrowIfNull(realFeatures);
        ArgumentNullException.ThrowIfNull(fakeFeatures);
        return (realFeatures.detach().mean([0]) - fakeFeatures.mean([0])).Squared().sum();
    }
}
