using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training.Optimizers;

/// <summary>
/// The Adam update shared by <see cref="Adam"/> and <see cref="AdamW"/>: the moment estimates and one step,
/// with weight decay either added to the gradient (L2) or applied to the weights directly (decoupled).
/// </summary>
internal sealed class AdamUpdate : IDisposable
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly Tensor[] _firstMoment;
    private readonly Tensor[] _secondMoment;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _epsilon;
    private readonly double _weightDecay;
    private readonly Parameter[]? _decoupled;

    /// <param name="parameters">The optimizer's parameters.</param>
    /// <param name="moments">Creates a zero tensor per parameter.</param>
    /// <param name="beta1">First-moment decay.</param>
    /// <param name="beta2">Second-moment decay.</param>
    /// <param name="epsilon">Denominator term.</param>
    /// <param name="weightDecay">Decay factor.</param>
    /// <param name="decoupled">The parameters decayed directly (AdamW), or null for L2 on every gradient (Adam).</param>
    public AdamUpdate(IReadOnlyList<Parameter> parameters, Func<Tensor[]> moments, double beta1, double beta2, double epsilon, double weightDecay, Parameter[]? decoupled)
    {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), "Adam's betas must lie in [0, 1).");
        }

        if (!(epsilon > 0) || !(weightDecay >= 0) || double.IsInfinity(weightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), "epsilon must be positive and weightDecay non-negative and finite.");
        }

        _parameters = parameters;
        (_beta1, _beta2, _weightDecay, _decoupled) = (beta1, beta2, weightDecay, decoupled);
        _firstMoment = moments();
        _secondMoment = moments();
        _epsilon = epsilon;
    }

    public IEnumerable<Tensor> State => _firstMoment.Concat(_secondMoment);

    /// <summary>Step <paramref name="step"/> (from 1) at <paramref name="learningRate"/>.</summary>
    public void Step(long step, double learningRate)
    {
        var biasCorrection1 = 1 - Math.Pow(_beta1, step);
        var biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(_beta2, step));
        using var stepSize = (-learningRate / biasCorrection1).ToScalar();
        using var divisor = biasCorrection2Sqrt.ToScalar();
        using var decay = _weightDecay.ToScalar();
        using var keep = (1 - (learningRate * _weightDecay)).ToScalar();

        // Every Scalar lives for this step only: Scalars kept in fields were once found freed mid-training
        // (an add_ whose alpha failed in Scalar::toFloat), as if an enclosing dispose scope had released them.
        using var beta1 = _beta1.ToScalar();
        using var oneMinusBeta1 = (1 - _beta1).ToScalar();
        using var beta2 = _beta2.ToScalar();
        using var oneMinusBeta2 = (1 - _beta2).ToScalar();
        using var epsilon = _epsilon.ToScalar();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (_decoupled is not null && _weightDecay > 0)
        {
            foreach (var p in _decoupled)
            {
                p.mul_(keep);          // AdamW: p *= 1 - lr wd, before the moments
            }
        }

        for (var i = 0; i < _parameters.Count; i++)
        {
            using var rawGrad = _parameters[i].grad;
            if (rawGrad is null)
            {
                continue;
            }

            var grad = _decoupled is null && _weightDecay > 0 ? rawGrad.add(_parameters[i], decay) : rawGrad;   // Adam: g += wd p
            _firstMoment[i].mul_(beta1).add_(grad, oneMinusBeta1);
            _secondMoment[i].mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
            var denominator = _secondMoment[i].sqrt().div_(divisor).add_(epsilon, TorchScalars.One);
            _parameters[i].addcdiv_(_firstMoment[i], denominator, stepSize);
        }
    }

    /// <summary>Nothing to release: the Scalars live per step (the optimizer releases the moment tensors with its state).</summary>
    public void Dispose()
    {
    }
}
