using System;
using System.Linq;
using GenAi.MLNet.Training;

namespace GenAi.MLNet.Models.Energy;

/// <summary>
/// Options of the energy-based model trained with short-run Langevin dynamics and a replay buffer (Du and
/// Mordatch 2019) on a float vector column. All sampling quantities are in standardised units (each value's
/// training mean 0, deviation 1).
/// </summary>
public sealed class EnergyOptions : TorchTrainerOptions
{
    /// <summary>
    /// Creates the options with the model's training defaults: Adam with β1 = 0 as Du and Mordatch use, rate 1e-3
    /// decayed by a cosine to 1e-5 (at a constant rate, the ring's modes kept their sharpness but not their
    /// balance: reverse KL 0.26 against 0.001 with the decay), batch 256, 20 epochs.
    /// </summary>
    public EnergyOptions()
    {
        LearningRate = 1e-3;
        LearningRateSchedule = LearningRateSchedule.WarmupCosine;
        MinLearningRateFraction = 0.01;
        AdamBeta1 = 0.0;
        BatchSize = 256;
        Epochs = 20;
    }

    /// <summary>The input column: a known-size vector of Single. Default <c>"Features"</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Hidden widths of the energy MLP (SiLU, smooth so that Langevin gradients are). Default <c>[128, 128, 128]</c>.</summary>
    public int[] HiddenSizes { get; set; } = [128, 128, 128];

    /// <summary>
    /// The standardised rows are multiplied by this before the MLP, which lets the energy change as fast as sharp
    /// data needs. Default 8: on the ring of eight Gaussians (σ = 1 % of the radius), 1 left every sample blurred
    /// (5–9 % within 3σ of a mode after 8 epochs) and 8 reached 88 % after 6.
    /// </summary>
    public double InputScale { get; set; } = 8;

    /// <summary>Langevin updates per training step (short-run MCMC). Default 20.</summary>
    public int LangevinSteps { get; set; } = 20;

    /// <summary>Gradient step s of z ← z − s ∇E(z) + σ ε. Default 0.1.</summary>
    public double LangevinStepSize { get; set; } = 0.1;

    /// <summary>Noise σ of each Langevin update; smaller than exact Langevin's √(2s), as is usual for short-run samplers (the model learns the energy at that temperature). Default 0.005.</summary>
    public double LangevinNoise { get; set; } = 0.005;

    /// <summary>Past negatives kept to start chains from (persistent chains). Default 10,000.</summary>
    public int ReplayBufferSize { get; set; } = 10_000;

    /// <summary>Share of chains re-started from uniform noise at each step, so new modes keep being found. Default 0.05.</summary>
    public double ReinitializationRate { get; set; } = 0.05;

    /// <summary>Chains start uniform in [−b, b] per standardised value and are kept inside it. Default 3.</summary>
    public double SampleBound { get; set; } = 3;

    /// <summary>α of the penalty α (E(x⁺)² + E(x⁻)²) that keeps energies near zero. Default 0.1.</summary>
    public double EnergyRegularization { get; set; } = 0.1;

    /// <summary>Standardise every value by the training rows' mean and deviation inside the model (samples come back in the data's units). Default true.</summary>
    public bool Standardize { get; set; } = true;

    /// <summary>Output column: the energy E(x), Single; lower is more typical, so it doubles as an anomaly score. Default <c>"Energy"</c>.</summary>
    public string EnergyColumnName { get; set; } = "Energy";

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(FeatureColumnName))
        {
            throw new ArgumentException("FeatureColumnName must name a column.", nameof(FeatureColumnName));
        }

        if (HiddenSizes is null || HiddenSizes.Length == 0 || HiddenSizes.Any(h => h <= 0))
        {
            throw new ArgumentException("HiddenSizes must list at least one positive width.", nameof(HiddenSizes));
        }

        PositiveFinite(InputScale, nameof(InputScale));
        Positive(LangevinSteps, nameof(LangevinSteps));
        PositiveFinite(LangevinStepSize, nameof(LangevinStepSize));
        if (!(LangevinNoise >= 0) || double.IsInfinity(LangevinNoise))
        {
            throw new ArgumentOutOfRangeException(nameof(LangevinNoise), LangevinNoise, "LangevinNoise must be non-negative and finite.");
        }

        Positive(ReplayBufferSize, nameof(ReplayBufferSize));
        if (!(ReinitializationRate >= 0 && ReinitializationRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ReinitializationRate), ReinitializationRate, "ReinitializationRate must lie in [0, 1].");
        }

        PositiveFinite(SampleBound, nameof(SampleBound));
        if (!(EnergyRegularization >= 0) || double.IsInfinity(EnergyRegularization))
        {
            throw new ArgumentOutOfRangeException(nameof(EnergyRegularization), EnergyRegularization, "EnergyRegularization must be non-negative and finite.");
        }

        if (string.IsNullOrWhiteSpace(EnergyColumnName))
        {
            throw new ArgumentException("EnergyColumnName must name a column.", nameof(EnergyColumnName));
        }
    }
}
