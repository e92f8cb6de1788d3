using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training;

/// <summary>
/// Adam (Kingma and Ba, ICLR 2015, arXiv:1412.6980) with the defaults and update of
/// <c>torch.optim.Adam</c> (no weight decay, no AMSGrad): m = b1 m + (1 - b1) g;
/// v = b2 v + (1 - b2) g^2; p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// </summary>
/// <remarks>
/// Written here rather than taken from TorchSharp so that every temporary of a step is disposed at once:
/// with TorchSharp 0.107's optimizer, native memory of each step stayed alive until the next garbage
/// collection (about 1.6 MB per step for the MNIST VAE), which made the first epochs slow while the
/// process heap grew. Gradients are zeroed in place, as torch.optim did before PyTorch 2.0.
/// </remarks>
public sealed class Adam : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoment;
    private readonly Tensor[] _secondMoment;
    private readonly Scalar _beta1;
    private readonly Scalar _oneMinusBeta1;
    private readonly Scalar _beta2;
    private readonly Scalar _oneMinusBeta2;
    private readonly Scalar _epsilon;
    private readonly double _beta1Value;
    private readonly double _beta2Value;
    private long _step;

    /// <summary>Creates the optimiser over <paramref name="parameters"/>.</summary>
    public Adam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(learningRate > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive.");
        }

        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), "Adam's betas must lie in [0, 1).");
        }

        _parameters = parameters.Where(p => p.requires_grad).ToArray();
        LearningRate = learningRate;
        (_beta1Value, _beta2Value) = (beta1, beta2);
        using (no_grad())
        {
            _firstMoment = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
            _secondMoment = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        }

        _beta1 = beta1.ToScalar();
        _oneMinusBeta1 = (1 - beta1).ToScalar();
        _beta2 = beta2.ToScalar();
        _oneMinusBeta2 = (1 - beta2).ToScalar();
        _epsilon = epsilon.ToScalar();
    }

    /// <summary>The learning rate; may be changed between steps (schedules).</summary>
    public double LearningRate { get; set; }

    /// <summary>Steps taken.</summary>
    public long StepCount => _step;

    /// <summary>Sets every gradient to zero, in place.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <summary>One update from the current gradients.</summary>
    public void Step()
    {
        _step++;
        var biasCorrection1 = 1 - Math.Pow(_beta1Value, _step);
        var biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(_beta2Value, _step));
        using var stepSize = (-LearningRate / biasCorrection1).ToScalar();
        using var divisor = biasCorrection2Sqrt.ToScalar();
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            using var grad = _parameters[i].grad;
            if (grad is null)
            {
                continue;
            }

            _firstMoment[i].mul_(_beta1).add_(grad, _oneMinusBeta1);
            _secondMoment[i].mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);
            using var root = _secondMoment[i].sqrt();
            root.div_(divisor).add_(_epsilon);
            _parameters[i].addcdiv_(_firstMoment[i], root, stepSize);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _firstMoment.Concat(_secondMoment))
        {
            t.Dispose();
        }

        foreach (var s in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _epsilon })
        {
            s.Dispose();
        }
    }
}
