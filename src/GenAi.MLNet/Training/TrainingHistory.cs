using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Analysis;

namespace GenAi.MLNet.Training;

/// <summary>
/// What happened while a model trained: per-epoch losses (and per-step values), the best epoch and
/// whether training stopped early. Kept on the fitted transformer and saved with it; in a notebook it
/// displays as its loss curves.
/// </summary>
public sealed class TrainingHistory
{
    /// <summary>Names of the values each step reports; the first is the objective.</summary>
    public IReadOnlyList<string> LossNames { get; init; } = [];

    /// <summary>Names of the optimizers (e.g. "generator", "discriminator"), the order of <see cref="StepRecord.GradientNorms"/>.</summary>
    public IReadOnlyList<string> OptimizerNames { get; init; } = [];

    /// <summary>Per-epoch records, in order. Their metrics include <c>lr</c> (the rate at the epoch's end) and <c>grad_norm</c> (the mean gradient norm before clipping; <c>grad_norm/NAME</c> per optimizer when there are several).</summary>
    public List<EpochRecord> Epochs { get; init; } = [];

    /// <summary>Per-step records, in order.</summary>
    public List<StepRecord> Steps { get; init; } = [];

    /// <summary>The epoch whose weights the model holds when early stopping restored the best weights, else the last epoch.</summary>
    public int BestEpoch { get; set; }

    /// <summary>True when early stopping ended training before the planned epochs.</summary>
    public bool StoppedEarly { get; set; }

    /// <summary>Whether training stopped because <see cref="TorchTrainerOptions.MaxTrainingTime"/> had passed (the last epoch is then partial).</summary>
    public bool TimeLimitReached { get; set; }

    /// <summary>The seed the run used (from the options or the MLContext).</summary>
    public int Seed { get; set; }

    /// <summary>The epoch training resumed after, when it resumed from a checkpoint (0 otherwise).</summary>
    public int ResumedAfterEpoch { get; set; }

    /// <summary>Total training time in seconds.</summary>
    public double TotalSeconds { get; set; }

    /// <summary>Mean seconds per epoch.</summary>
    public double SecondsPerEpoch => Epochs.Count == 0 ? 0 : Epochs.Average(e => e.Seconds);

    /// <summary>Per-epoch values as a DataFrame (one row per epoch), for tables and further analysis.</summary>
    public DataFrame ToDataFrame()
    {
        var columns = new List<DataFrameColumn>
        {
            new Int32DataFrameColumn("Epoch", Epochs.Select(e => e.Epoch)),
            new DoubleDataFrameColumn("TrainLoss", Epochs.Select(e => e.TrainLoss)),
        };
        if (Epochs.Any(e => e.ValidationLoss.HasValue))
        {
            columns.Add(new DoubleDataFrameColumn("ValidationLoss", Epochs.Select(e => e.ValidationLoss)));
        }

        foreach (var key in Epochs.SelectMany(e => e.Metrics.Keys).Distinct())
        {
            columns.Add(new DoubleDataFrameColumn(key, Epochs.Select(e => e.Metrics.TryGetValue(key, out var v) ? v : (double?)null)));
        }

        columns.Add(new DoubleDataFrameColumn("Seconds", Epochs.Select(e => e.Seconds)));
        return new DataFrame(columns);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var last = Epochs.LastOrDefault();
        return last is null
            ? "TrainingHistory (empty)"
            : $"TrainingHistory: {Epochs.Count} epochs, last train loss {last.TrainLoss:G5}"
              + (last.ValidationLoss is { } v ? $", validation loss {v:G5}" : "")
              + $", best epoch {BestEpoch}{(StoppedEarly ? " (stopped early)" : "")}, {SecondsPerEpoch:F2} s/epoch";
    }
}
