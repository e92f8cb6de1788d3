using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;

namespace GenAi.MLNet.Training.Optimizers;

/// <summary>
/// AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019), as
/// <c>torch.optim.AdamW</c>: p *= 1 - lr wd before the Adam update, instead of adding wd p to the gradient.
/// As in nanoGPT, only tensors of two or more dimensions (weights of linear, convolution and embedding
/// layers) decay; biases and normalisation weights do not.
/// </summary>
public sealed class AdamW : Optimizer
{
    private readonly AdamUpdate _update;
    private readonly Parameter[] _decayed;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters (those without gradients are skipped).</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="beta1">Decay of the first moment. Default 0.9.</param>
    /// <param name="beta2">Decay of the second moment. Default 0.999.</param>
    /// <param name="epsilon">Added to the denominator. Default 1e-8.</param>
    /// <param name="weightDecay">Decoupled decay of 2-D and larger weights. Default 0.01 (torch.optim.AdamW's default).</param>
    public AdamW(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base(parameters, learningRate, "adamw")
    {
        _decayed = Parameters.Where(p => p.dim() >= 2).ToArray();
        _update = new AdamUpdate(Parameters, ZerosLikeParameters, beta1, beta2, epsilon, weightDecay, _decayed);
    }

    /// <summary>The parameters that decay (two or more dimensions).</summary>
    public IReadOnlyList<Parameter> DecayedParameters => _decayed;

    /// <inheritdoc />
    public override void Step() => _update.Step(++StepCount, LearningRate);

    private protected override IEnumerable<torch.Tensor> StateTensors() => _update.State;

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _update.Dispose();
        }

        base.Dispose(disposing);
    }
}
