// The Dirac GAN of Mescheder, Geiger and Nowozin, "Which Training Methods for GANs do actually
// Converge?", ICML 2018, section 2: the smallest GAN there is. The real data are a point mass at 0, the
// generator a point mass at theta, the discriminator linear, D(x) = psi * x. The only equilibrium is
// theta = psi = 0. The game's value, with f(t) = -log(1 + exp(-t)), is
//     L(theta, psi) = f(psi * theta) + f(0)        (D ascends in psi, G descends in theta)
// so the gradients are exact and the run is the same on every machine: what it shows about convergence
// is the optimisation itself, not noise.
using System;
using System.Collections.Generic;

namespace GenAi.MLNet.Courseware;

/// <summary>How the Dirac GAN's two players move.</summary>
public enum DiracGanUpdate
{
    /// <summary>Both players step on the same (old) values, as most GAN training loops do.</summary>
    Simultaneous,

    /// <summary>D steps first, then G steps against the updated D.</summary>
    Alternating,
}

/// <summary>One run of the Dirac GAN: the players' parameters after every step (index 0: the start).</summary>
/// <param name="Theta">The generator's point, per step.</param>
/// <param name="Psi">The discriminator's slope, per step.</param>
public sealed record DiracGanRun(IReadOnlyList<double> Theta, IReadOnlyList<double> Psi)
{
    /// <summary>Distance from the equilibrium (0, 0) after step <paramref name="step"/>.</summary>
    public double DistanceAt(int step) => Math.Sqrt(Theta[step] * Theta[step] + Psi[step] * Psi[step]);

    /// <summary>Distance from the equilibrium at the start.</summary>
    public double StartDistance => DistanceAt(0);

    /// <summary>Distance from the equilibrium after the last step.</summary>
    public double FinalDistance => DistanceAt(Theta.Count - 1);
}

/// <summary>Gradient training of the Dirac GAN (Mescheder et al. 2018), with an optional R1 gradient penalty.</summary>
public static class DiracGan
{
    /// <summary>
    /// Trains the Dirac GAN with plain gradient steps of size <paramref name="learningRate"/> from
    /// (<paramref name="theta"/>, <paramref name="psi"/>). <paramref name="gradientPenalty"/> is the weight
    /// γ of the R1 penalty (γ/2)·|∇ₓD(x)|² on real data, which for this D is (γ/2)·ψ².
    /// </summary>
    public static DiracGanRun Train(int steps, double learningRate, DiracGanUpdate update = DiracGanUpdate.Simultaneous,
        double gradientPenalty = 0, double theta = 1, double psi = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a positive finite number.");
        }

        if (!(gradientPenalty >= 0) || double.IsInfinity(gradientPenalty))
        {
            throw new ArgumentOutOfRangeException(nameof(gradientPenalty), gradientPenalty, "The gradient penalty must be zero or a positive finite number.");
        }

        var thetas = new List<double>(steps + 1) { theta };
        var psis = new List<double>(steps + 1) { psi };
        for (var i = 0; i < steps; i++)
        {
            // dL/dpsi = f'(psi theta) theta, dL/dtheta = f'(psi theta) psi, with f'(t) = 1 / (1 + e^t).
            var dPsi = FPrime(psi * theta) * theta - gradientPenalty * psi;
            var newPsi = psi + learningRate * dPsi;                                    // D ascends
            var against = update == DiracGanUpdate.Alternating ? newPsi : psi;
            theta -= learningRate * FPrime(against * theta) * against;                 // G descends
            psi = newPsi;
            thetas.Add(theta);
            psis.Add(psi);
        }

        return new DiracGanRun(thetas, psis);
    }

    private static double FPrime(double t) => 1 / (1 + Math.Exp(t));
}
