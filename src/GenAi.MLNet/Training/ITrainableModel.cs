using System;
using System.Collections.Generic;
using System.IO;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training;

/// <summary>What the trainer needs from a model family, and nothing more.</summary>
internal interface ITrainableModel : IDisposable
{
    /// <summary>Every trained parameter and buffer (for train/eval mode, checkpoints, best-weights snapshots and the finite check).</summary>
    nn.Module Module { get; }

    /// <summary>Names of the values a step reports; the first is the objective that is monitored.</summary>
    IReadOnlyList<string> LossNames { get; }

    /// <summary>The optimizers, in a fixed order (checkpoints save their state; schedules set their rates).</summary>
    IReadOnlyList<Optimizer> Optimizers { get; }

    /// <summary>
    /// One micro-batch: forward, <see cref="StepContext.Backward"/>, and <see cref="StepContext.Step"/> for
    /// each optimizer; returns the batch's mean values in <see cref="LossNames"/> order.
    /// </summary>
    float[] TrainStep(Batch batch, StepContext step);

    /// <summary>The batch's mean values without updating anything (called under no_grad, in eval mode).</summary>
    float[] Evaluate(Batch batch);

    /// <summary>Optimizer steps planned for each optimizer (for learning-rate schedules).</summary>
    long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps);

    /// <summary>The smallest batch a step can use (e.g. 2 with batch normalisation); a smaller last batch is skipped.</summary>
    int MinimumBatchRows => 1;

    /// <summary>True when the model has reached its own budget (e.g. a number of generator steps); checked after every step.</summary>
    bool ShouldStop => false;

    /// <summary>Called after every epoch (e.g. to keep sample snapshots).</summary>
    void OnEpochEnd(int epoch)
    {
    }

    /// <summary>Writes the family's own training state (counters, snapshots) into a checkpoint.</summary>
    void SaveState(BinaryWriter writer)
    {
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    void LoadState(BinaryReader reader)
    {
    }
}
