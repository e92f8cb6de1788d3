using System.Collections.Generic;
using System.IO;
using GenAi.MLNet.Core;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Boltzmann;

/// <summary>
/// The RBM's training step, contrastive divergence written as a loss autograd can differentiate:
/// mean F(v_data) - mean F(v_model), with v_model drawn by k Gibbs steps (from the data for CD-k, from the
/// persistent chains for PCD) and held constant. Its gradient is the CD estimate of -∂ log p(v)/∂θ:
/// E_model[∂E/∂θ] - E_data[∂E/∂θ], the same update as scikit-learn's <c>BernoulliRBM</c>. The reported value is
/// the mean-field reconstruction cross-entropy (nats per row), which the trainer monitors.
/// </summary>
internal sealed class RbmTraining : ITrainableModel
{
    private readonly RbmNetwork _network;
    private readonly Optimizer _optimizer;
    private readonly Generator _generator;
    private readonly int _steps;
    private readonly bool _persistent;
    private readonly int _chains;
    private Tensor? _chain;   // (BatchSize, V): the persistent negative chains

    public RbmTraining(RbmNetwork network, RbmOptions options, Generator generator)
    {
        _network = network;
        _generator = generator;
        _steps = options.GibbsSteps;
        _persistent = options.Persistent;
        _chains = options.BatchSize;
        _optimizer = options.CreateOptimizer(network.parameters(), options.LearningRate, "model");
    }

    public nn.Module Module => _network;

    public IReadOnlyList<string> LossNames { get; } = ["reconstruction"];

    public IReadOnlyList<Optimizer> Optimizers => [_optimizer];

    public float[] TrainStep(Batch batch, StepContext step)
    {
        if (step.StartsGroup)
        {
            _optimizer.ZeroGrad();
        }

        var v = batch.Features();                                                    // (B, V)
        var rows = v.shape[0];
        Tensor negative;
        using (no_grad())
        {
            var start = _persistent ? Chain(v.device)[..(int)rows] : v;                // (B, V)
            negative = _network.Gibbs(start, _steps, _generator).Sample;               // (B, V), binary
            if (_persistent)
            {
                _chain![..(int)rows].copy_(negative);
            }
        }

        var loss = _network.FreeEnergy(v).mean() - _network.FreeEnergy(negative).mean();   // scalar: the CD surrogate
        step.Backward(loss);
        step.Step(_optimizer);
        return [Reconstruction(v)];
    }

    public float[] Evaluate(Batch batch) => [Reconstruction(batch.Features())];

    public long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps)
        => [(batchesPerEpoch + accumulationSteps - 1) / accumulationSteps * epochs];

    public void SaveState(BinaryWriter writer) => TensorIO.WriteOptional(writer, _chain);

    public void LoadState(BinaryReader reader)
    {
        _chain?.Dispose();
        _chain = TensorIO.ReadOptional(reader, [_chains, _network.Visible], _network.Weight.device, "persistent chains");
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _chain?.Dispose();
    }

    /// <summary>The persistent chains, started as fair coin flips on the first step.</summary>
    private Tensor Chain(Device device)
        => _chain ??= bernoulli(full(_chains, _network.Visible, 0.5f), generator: _generator).to(device).DetachFromDisposeScope();

    /// <summary>Mean over rows of -Σ_i [v_i log p_i + (1 - v_i) log(1 - p_i)] with p = P(v | P(h | v)), nats.</summary>
    private float Reconstruction(Tensor v)
    {
        using var noGrad = no_grad();
        var logits = _network.VisibleInput(_network.call(v));                         // (B, V); NaN, not an error, once the weights diverge
        return nn.functional.binary_cross_entropy_with_logits(logits, v, reduction: nn.Reduction.Sum).item<float>() / v.shape[0];
    }
}
