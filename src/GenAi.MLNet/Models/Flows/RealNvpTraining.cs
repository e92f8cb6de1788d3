using GenAi.MLNet.Core;
using System;
using System.Collections.Generic;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Flows;

/// <summary>
/// The flow's training step: exact maximum likelihood, loss = mean over rows of −log p(x) in nats (with
/// dequantisation: each level k moved to (k + u) / L, u uniform, plus the cells' log-volume D log L, so the loss is
/// the negative lower bound on the discrete log-probability; a table's whole-number values likewise move to
/// k + u, cells of width 1).
/// </summary>
internal sealed class RealNvpTraining : ITrainableModel
{
    private readonly RealNvpNetwork _network;
    private readonly Optimizer _optimizer;
    private readonly Generator _generator;
    private readonly int? _levels;
    private readonly bool _whole;   // a table with whole-number values: dequantised by U[0, 1)

    public RealNvpTraining(RealNvpNetwork network, RealNvpOptions options, Generator generator)
    {
        _network = network;
        _generator = generator;
        _levels = options.DequantizationLevels;
        _whole = _levels is null && network.Marginals.AnyWhole;
        _optimizer = options.CreateOptimizer(network.parameters(), options.LearningRate, "model");
    }

    public nn.Module Module => _network;

    public IReadOnlyList<string> LossNames { get; } = ["nll"];

    public IReadOnlyList<Optimizer> Optimizers => [_optimizer];

    public float[] TrainStep(Batch batch, StepContext step)
    {
        if (step.StartsGroup)
        {
            _optimizer.ZeroGrad();
        }

        var x = batch.Features();                                                        // (B, D)
        if (_levels is { } levels)
        {
            x = Dequantize(x, rand(x.shape, generator: _generator).to(x.device), levels);    // (B, D): uniform within each level's cell
        }
        else if (_whole)
        {
            x = _network.Marginals.Dequantize(x, rand(x.shape, generator: _generator).to(x.device));   // (B, D): k + u on whole numbers
        }

        var loss = Nll(x);
        step.Backward(loss);
        step.Step(_optimizer);
        return [loss.item<float>()];
    }

    public float[] Evaluate(Batch batch)
    {
        var x = batch.Features();
        if (_levels is { } levels)
        {
            x = Dequantize(x, 0.5f, levels);                                             // the centre of each cell: a deterministic validation loss
        }
        else if (_whole)
        {
            x = _network.Marginals.Dequantize(x, 0.5f);
        }

        return [Nll(x).item<float>()];
    }

    public long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps)
        => [(batchesPerEpoch + accumulationSteps - 1) / accumulationSteps * epochs];

    public void Dispose() => _optimizer.Dispose();

    /// <summary>Mean −log p over the rows (minus the cells' log-volume when dequantising), nats.</summary>
    private Tensor Nll(Tensor x)
    {
        var nll = -_network.LogLikelihood(x).mean();                                     // scalar
        return _levels is { } levels ? nll.Plus(_network.Dimension * Math.Log(levels)) : nll;
    }

    /// <summary>Level k = x (L − 1) moved to (k + u) / L: the L cells tile [0, 1), each 1/L wide.</summary>
    internal static Tensor Dequantize(Tensor x, Tensor u, int levels) => x.Times(levels - 1).Plus(u).Over(levels);

    /// <summary>Level k = x (L − 1) moved to (k + u) / L, one offset for every value.</summary>
    internal static Tensor Dequantize(Tensor x, float u, int levels) => x.Times(levels - 1).Plus(u).Over(levels);
}
