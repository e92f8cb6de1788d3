using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GenAi.MLNet.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training.Optimizers;

/// <summary>
/// A first-order optimizer over a fixed set of parameters. Written here rather than taken from TorchSharp so
/// that every temporary of a step is disposed at once (TorchSharp 0.107's optimizers kept about 1.6 MB of
/// native memory per step alive until the next garbage collection) and so that its state can be saved in
/// training checkpoints. Gradients are zeroed in place, as torch.optim did before PyTorch 2.0.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private bool _disposed;

    /// <summary>Creates the optimizer over the parameters that require gradients.</summary>
    private protected Optimizer(IEnumerable<Parameter> parameters, double learningRate, string name)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        }

        Parameters = parameters.Where(p => p.requires_grad).ToArray();
        BaseLearningRate = learningRate;
        LearningRate = learningRate;
        Name = name;
    }

    /// <summary>The parameters updated.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The learning rate the optimizer was created with (schedules scale it).</summary>
    public double BaseLearningRate { get; }

    /// <summary>The learning rate of the next step; schedules change it between steps.</summary>
    public double LearningRate { get; set; }

    /// <summary>Steps taken.</summary>
    public long StepCount { get; protected set; }

    /// <summary>A name for reports (e.g. "generator").</summary>
    public string Name { get; set; }

    /// <summary>Sets every gradient to zero, in place.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <summary>One update from the current gradients.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "torch.optim's name; the library is used from C#.")]
    public abstract void Step();

    /// <summary>The global L2 norm of the current gradients (as <c>torch.nn.utils.clip_grad_norm_</c> computes it).</summary>
    public double GradientNorm()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor? total = null;
        foreach (var p in Parameters)
        {
            using var grad = p.grad;
            if (grad is null)
            {
                continue;
            }

            var squares = grad.Squared().sum();
            total = total is null ? squares : total.add(squares, TorchScalars.One);
        }

        return total is null ? 0 : Math.Sqrt(total.item<float>());
    }

    /// <summary>Scales the gradients so their global norm is at most <paramref name="maxNorm"/>; returns the norm before clipping.</summary>
    public double ClipGradientNorm(double maxNorm)
    {
        var norm = GradientNorm();
        if (norm > maxNorm && norm > 0)
        {
            using var scale = (maxNorm / (norm + 1e-6)).ToScalar();
            using var noGrad = no_grad();
            foreach (var p in Parameters)
            {
                using var grad = p.grad;
                grad?.mul_(scale);
            }
        }

        return norm;
    }

    /// <summary>Multiplies every gradient by <paramref name="factor"/> (gradient accumulation divides the summed gradients by the rows).</summary>
    internal void ScaleGradients(double factor)
    {
        using var scalar = factor.ToScalar();
        using var noGrad = no_grad();
        foreach (var p in Parameters)
        {
            using var grad = p.grad;
            grad?.mul_(scalar);
        }
    }

    /// <summary>The state tensors, in a fixed order (for checkpoints).</summary>
    private protected abstract IEnumerable<Tensor> StateTensors();

    /// <summary>Writes the step count and every state tensor.</summary>
    internal void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(StepCount);
        writer.Write(LearningRate);
        foreach (var t in StateTensors())
        {
            TensorIO.Write(writer, t);
        }
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    internal void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StepCount = reader.ReadInt64();
        LearningRate = reader.ReadDouble();
        foreach (var t in StateTensors())
        {
            TensorIO.ReadInto(reader, t);
        }
    }

    /// <summary>Releases the state tensors.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the state tensors.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            foreach (var t in StateTensors())
            {
                t.Dispose();
            }
        }

        _disposed = true;
    }

    /// <summary>Zero-filled state tensors shaped like each parameter, kept outside any dispose scope.</summary>
    private protected Tensor[] ZerosLikeParameters()
    {
        using var noGrad = no_grad();
        return Parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }
}
