using System;
using System.Linq;
using GenAi.MLNet.Training;

namespace GenAi.MLNet.Models.Boltzmann;

/// <summary>
/// Options of the restricted Boltzmann machine (binary visible and hidden units). The training defaults
/// are scikit-learn's <c>BernoulliRBM</c> in its "RBM features for digit classification" example: plain SGD
/// at rate 0.06 (no momentum) on batches of 10, persistent contrastive divergence with one Gibbs step.
/// </summary>
public sealed class RbmOptions : TorchTrainerOptions
{
    /// <summary>Creates the options with the RBM's training defaults (SGD, rate 0.06, batch 10, 10 epochs, no momentum).</summary>
    public RbmOptions()
    {
        Optimizer = OptimizerKind.Sgd;
        Momentum = 0;
        LearningRate = 0.06;
        BatchSize = 10;
        Epochs = 10;
    }

    /// <summary>The input column: a known-size vector of Single with values in [0, 1] (the probability that each visible unit is on). Default <c>"Features"</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Number of hidden units. Default 100.</summary>
    public int HiddenUnits { get; set; } = 100;

    /// <summary>Gibbs steps per update (the k of CD-k). Default 1.</summary>
    public int GibbsSteps { get; set; } = 1;

    /// <summary>
    /// Persistent contrastive divergence (Tieleman 2008): the negative chains continue from one update to
    /// the next instead of restarting at the data (plain CD-k). Default true.
    /// </summary>
    public bool Persistent { get; set; } = true;

    /// <summary>
    /// Clip values of rows scored by the fitted model into [0, 1] instead of rejecting them. A normalizer fitted
    /// on the training rows maps new rows slightly outside [0, 1] (a pixel never inked in training holds 2
    /// after NormalizeMinMax); training rows are always checked. Default false: out-of-range values are an error
    /// naming the column, row and slot.
    /// </summary>
    public bool ClipInputs { get; set; }

    /// <summary>Output column: P(h = 1 | v) for every hidden unit, the features a classifier reads. Default <c>"Hidden"</c>.</summary>
    public string HiddenColumnName { get; set; } = "Hidden";

    /// <summary>Output column: the mean-field reconstruction P(v = 1 | h = P(h | v)). Default <c>"Reconstruction"</c>.</summary>
    public string ReconstructionColumnName { get; set; } = "Reconstruction";

    /// <summary>Output column: the free energy F(v) (nats; lower is more probable: p(v) = exp(-F(v)) / Z). Default <c>"FreeEnergy"</c>.</summary>
    public string FreeEnergyColumnName { get; set; } = "FreeEnergy";

    /// <summary>Output column: the pseudo-log-likelihood, the sum over visible units of log P(v_i | v_rest) (nats; binary rows, higher is better). Default <c>"PseudoLogLikelihood"</c>.</summary>
    public string PseudoLogLikelihoodColumnName { get; set; } = "PseudoLogLikelihood";

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(FeatureColumnName))
        {
            throw new ArgumentException("FeatureColumnName must name a column.", nameof(FeatureColumnName));
        }

        Positive(HiddenUnits, nameof(HiddenUnits));
        Positive(GibbsSteps, nameof(GibbsSteps));
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
            throw new ArgumentException($"Output column names must differ: {string.Join(", ", names)}.", nameof(HiddenColumnName));
        }
    }

    internal (string Name, string Value)[] OutputColumnNames() =>
    [
        (nameof(HiddenColumnName), HiddenColumnName),
        (nameof(ReconstructionColumnName), ReconstructionColumnName),
        (nameof(FreeEnergyColumnName), FreeEnergyColumnName),
        (nameof(PseudoLogLikelihoodColumnName), PseudoLogLikelihoodColumnName),
    ];
}
