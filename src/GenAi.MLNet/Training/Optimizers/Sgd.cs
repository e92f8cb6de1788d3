using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training.Optimizers;

/// <summary>
/// Stochastic gradient descent with momentum, as <c>torch.optim.SGD</c> (no dampening):
/// d = g + wd p; b = mu b + d (b = d at the first step); d = b (or d + mu b with Nesterov); p -= lr d.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly Tensor[] _momentum;
    private readonly double _mu;
    private readonly double _weightDecay;
    private readonly bool _nesterov;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters (those without gradients are skipped).</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="momentum">Momentum factor mu. Default 0.9.</param>
    /// <param name="weightDecay">L2 penalty added to the gradient. Default 0.</param>
    /// <param name="nesterov">Nesterov momentum. Default false.</param>
    public Sgd(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0.9, double weightDecay = 0, bool nesterov = false)
        : base(parameters, learningRate, "sgd")
    {
        if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0) || double.IsInfinity(weightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), "momentum must lie in [0, 1) and weightDecay be non-negative and finite.");
        }

        (_mu, _weightDecay, _nesterov) = (momentum, weightDecay, nesterov);
        _momentum = ZerosLikeParameters();
    }

    /// <inheritdoc />
    public override void Step()
    {
        StepCount++;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Held in using variables: an implicit Scalar could be freed by a collection mid-call (Core/TorchScalars).
        using var weightDecay = _weightDecay.ToScalar();
        using var mu = _mu.ToScalar();
        using var step = (-LearningRate).ToScalar();
        for (var i = 0; i < Parameters.Count; i++)
        {
            using var rawGrad = Parameters[i].grad;
            if (rawGrad is null)
            {
                continue;
            }

            var d = _weightDecay > 0 ? rawGrad.add(Parameters[i], weightDecay) : rawGrad;
            if (_mu > 0)
            {
                if (StepCount == 1)
                {
                    _momentum[i].copy_(d);
                }
                else
                {
                    _momentum[i].mul_(mu).add_(d, TorchScalars.One);
                }

                d = _nesterov ? d.add(_momentum[i], mu) : _momentum[i];
            }

            Parameters[i].add_(d, step);
        }
    }

    private protected override IEnumerable<Tensor> StateTensors() => _momentum;
}
