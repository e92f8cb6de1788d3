using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>The fine-tuning step: cross-entropy of the labels (binary: of the single log-odds) over the trainable weights.</summary>
internal sealed class TextClassifierTraining(TextClassifierNetwork network, TextClassifierOptions options, bool binary, long boundary, Device device) : ITrainableModel
{
    private readonly Optimizer _optimizer = options.CreateOptimizer(network.parameters().Where(p => p.requires_grad), options.LearningRate, "model");

    public nn.Module Module => network;

    public IReadOnlyList<string> LossNames => ["cross_entropy"];

    public IReadOnlyList<Optimizer> Optimizers => [_optimizer];

    public float[] TrainStep(Batch batch, StepContext step)
    {
        if (step.StartsGroup)
        {
            _optimizer.ZeroGrad();
        }

        var loss = Loss(batch);
        step.Backward(loss);
        step.Step(_optimizer);
        return [loss.item<float>()];
    }

    public float[] Evaluate(Batch batch) => [Loss(batch).item<float>()];

    public long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps) => [Math.Max(1, batchesPerEpoch * epochs / accumulationSteps)];

    public void Dispose() => _optimizer.Dispose();

    private Tensor Loss(Batch batch)
    {
        var (tokens, valid) = TextClassifierFamily.Inputs(batch.Tokens(0), options.Sentence2ColumnName is null ? null : batch.Tokens(2), boundary, options.MaxTokens!.Value, device);
        var scores = network.call(tokens, valid);                                               // (B, K)
        var labels = batch.Classes(1);                                                         // (B)
        return binary
            ? nn.functional.binary_cross_entropy_with_logits(scores.squeeze(-1), labels.to_type(scores.dtype))
            : nn.functional.cross_entropy(scores, labels);
    }
}
