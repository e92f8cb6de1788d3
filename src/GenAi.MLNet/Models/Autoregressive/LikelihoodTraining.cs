using System;
using System.Collections.Generic;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>
/// The training step of a model fitted by maximum likelihood alone (PixelCNN, WaveNet): the loss is the model's
/// mean negative log-likelihood of the batch's rows, the value the trainer reports and checks.
/// </summary>
internal sealed class LikelihoodTraining(nn.Module network, TorchTrainerOptions options, string lossName, Func<Tensor, Tensor> loss) : ITrainableModel
{
    private readonly Optimizer _optimizer = options.CreateOptimizer(network.parameters(), options.LearningRate, "model");

    public nn.Module Module => network;

    public IReadOnlyList<string> LossNames { get; } = [lossName];

    public IReadOnlyList<Optimizer> Optimizers => [_optimizer];

    public float[] TrainStep(Batch batch, StepContext step)
    {
        if (step.StartsGroup)
        {
            _optimizer.ZeroGrad();
        }

        var value = loss(batch.Features());
        step.Backward(value);
        step.Step(_optimizer);
        return [value.item<float>()];
    }

    public float[] Evaluate(Batch batch) => [loss(batch.Features()).item<float>()];

    public long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps)
        => [(batchesPerEpoch + accumulationSteps - 1) / accumulationSteps * epochs];

    public void Dispose() => _optimizer.Dispose();
}
