using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;

namespace GenAi.MLNet.Training.Optimizers;

/// <summary>
/// Adam (Kingma and Ba, ICLR 2015, arXiv:1412.6980) with the defaults and update of <c>torch.optim.Adam</c>
/// (no AMSGrad): g += wd p (L2, when <c>weightDecay</c> &gt; 0); m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
/// p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly AdamUpdate _update;

    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters (those without gradients are skipped).</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="beta1">Decay of the first moment. Default 0.9.</param>
    /// <param name="beta2">Decay of the second moment. Default 0.999.</param>
    /// <param name="epsilon">Added to the denominator. Default 1e-8.</param>
    /// <param name="weightDecay">L2 penalty added to the gradient (coupled, as torch.optim.Adam). Default 0.</param>
    public Adam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
        : base(parameters, learningRate, "adam")
    {
        _update = new AdamUpdate(Parameters, ZerosLikeParameters, beta1, beta2, epsilon, weightDecay, decoupled: null);
    }

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
