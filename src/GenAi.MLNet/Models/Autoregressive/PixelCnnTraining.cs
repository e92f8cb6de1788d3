using System.Collections.Generic;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>PixelCNN's training step: maximum likelihood, the mean over images of −log p(x) in nats (the reported loss).</summary>
internal sealed class PixelCnnTraining(PixelCnnNetwork network, PixelCnnOptions options) : ITrainableModel
{
    private readonly Optimizer _optimizer = options.CreateOptimizer(network.parameters(), options.LearningRate, "model");

    public nn.Module Module => network;

    public IReadOnlyList<string> LossNames { get; } = ["nll"];

    public IReadOnlyList<Optimizer> Optimizers => [_optimizer];

    public float[] TrainStep(Batch batch, StepContext step)
    {
        if (step.StartsGroup)
        {
            _optimizer.ZeroGrad();
        }

        var loss = network.NegativeLogLikelihood(Levels(network, batch.Features())).mean();
        step.Backward(loss);
        step.Step(_optimizer);
        return [loss.item<float>()];
    }

    public float[] Evaluate(Batch batch) => [network.NegativeLogLikelihood(Levels(network, batch.Features())).mean().item<float>()];

    public long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps)
        => [(batchesPerEpoch + accumulationSteps - 1) / accumulationSteps * epochs];

    public void Dispose() => _optimizer.Dispose();

    /// <summary>Rows (B, D) in [0, 1] → the nearest levels (B, C, H, W), int64.</summary>
    internal static Tensor Levels(PixelCnnNetwork network, Tensor x)
        => (x * (network.Levels - 1)).round().clamp(0, network.Levels - 1).to(ScalarType.Int64)
            .view(x.shape[0], network.Channels, network.Height, network.Width);
}
