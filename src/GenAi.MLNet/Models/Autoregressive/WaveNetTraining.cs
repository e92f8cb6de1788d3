using System;
using System.Collections.Generic;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>WaveNet's training step: maximum likelihood, the mean over predicted samples of −log p in nats (the reported loss).</summary>
internal sealed class WaveNetTraining(WaveNetNetwork network, WaveNetOptions options) : ITrainableModel
{
    private readonly Optimizer _optimizer = options.CreateOptimizer(network.parameters(), options.LearningRate, "model");

    public nn.Module Module => network;

    public IReadOnlyList<string> LossNames { get; } = ["nll per sample"];

    public IReadOnlyList<Optimizer> Optimizers => [_optimizer];

    public float[] TrainStep(Batch batch, StepContext step)
    {
        if (step.StartsGroup)
        {
            _optimizer.ZeroGrad();
        }

        var classes = Classes(network, batch.Features());                                        // (B, T)
        var loss = network.NegativeLogLikelihood(classes).mean() / (classes.shape[1] - 1);
        step.Backward(loss);
        step.Step(_optimizer);
        return [loss.item<float>()];
    }

    public float[] Evaluate(Batch batch)
    {
        var classes = Classes(network, batch.Features());
        return [(network.NegativeLogLikelihood(classes).mean() / (classes.shape[1] - 1)).item<float>()];
    }

    public long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps)
        => [(batchesPerEpoch + accumulationSteps - 1) / accumulationSteps * epochs];

    public void Dispose() => _optimizer.Dispose();

    /// <summary>Samples (B, T) in [−1, 1] → μ-law classes (B, T), int64, computed as <see cref="Data.MuLaw"/> does.</summary>
    internal static Tensor Classes(WaveNetNetwork network, Tensor x)
    {
        var mu = network.Levels - 1;
        var c = x.clamp(-1, 1);
        var f = c.sign() * (1 + (mu * c.abs())).log() / Math.Log(1 + mu);                        // (B, T) in [−1, 1]
        return ((f + 1) / 2 * mu).round().clamp(0, mu).to(ScalarType.Int64);
    }
}
