using System;
using System.Collections.Generic;
using System.IO;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// The training step of the text models: one optimizer over the network, a loss over a batch of token
/// windows, and the <see cref="LanguageModelOptions.MaxSteps"/> budget (saved in checkpoints).
/// </summary>
/// <param name="network">The network.</param>
/// <param name="options">The options.</param>
/// <param name="loss">The mean loss of a batch of windows (token column 0, and whatever columns the family adds); the flag is true while training (false: validation).</param>
internal sealed class LanguageModelTraining(nn.Module network, LanguageModelOptions options, Func<Batch, bool, Tensor> loss) : ITrainableModel
{
    private readonly Optimizer _optimizer = options.CreateOptimizer(network.parameters(), options.LearningRate, "model");
    private long _steps;

    public nn.Module Module => network;

    public IReadOnlyList<string> LossNames => ["nll"];

    public IReadOnlyList<Optimizer> Optimizers => [_optimizer];

    public bool ShouldStop => options.MaxSteps is { } max && _steps >= max;

    public float[] TrainStep(Batch batch, StepContext step)
    {
        if (step.StartsGroup)
        {
            _optimizer.ZeroGrad();
        }

        var value = loss(batch, true);
        step.Backward(value);
        if (step.Step(_optimizer))
        {
            _steps++;
        }

        return [value.item<float>()];
    }

    public float[] Evaluate(Batch batch) => [loss(batch, false).item<float>()];

    public long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps)
    {
        var planned = Math.Max(1, batchesPerEpoch * epochs / accumulationSteps);
        return [options.MaxSteps is { } max ? Math.Min(planned, max) : planned];
    }

    public void SaveState(BinaryWriter writer) => writer.Write(_steps);

    public void LoadState(BinaryReader reader) => _steps = reader.ReadInt64();

    public void Dispose() => _optimizer.Dispose();
}
