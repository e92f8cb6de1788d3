using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training;

/// <summary>What the trainer needs from a model, and nothing more.</summary>
internal interface ITrainableModel
{
    /// <summary>Every trained parameter (for train/eval mode and best-weights snapshots).</summary>
    nn.Module Module { get; }

    /// <summary>Names of the values a step reports; the first is the objective that is monitored.</summary>
    IReadOnlyList<string> LossNames { get; }

    /// <summary>One optimisation step on a batch; returns the batch's mean values, in <see cref="LossNames"/> order.</summary>
    float[] TrainStep(Batch batch);

    /// <summary>The batch's mean values without updating anything (called under no_grad, in eval mode).</summary>
    float[] Evaluate(Batch batch);

    /// <summary>True when the model has reached its own budget (e.g. a number of generator steps); checked after every step.</summary>
    bool ShouldStop => false;

    /// <summary>Called after every epoch (e.g. to keep sample snapshots).</summary>
    void OnEpochEnd(int epoch)
    {
    }
}

/// <summary>
/// The training loop every model family shares. It knows nothing about the models: epochs, batches,
/// a dispose scope per step, the NaN/Inf guard, validation, early stopping, cancellation, progress and
/// history.
/// </summary>
internal static class Trainer
{
    public static TrainingHistory Run(
        ITrainableModel model,
        BatchSource train,
        BatchSource? validation,
        TorchTrainerOptions options,
        IChannel channel,
        torch.Generator generator,
        int seed,
        bool recordSteps = false)
    {
        var names = model.LossNames;
        var history = new TrainingHistory { LossNames = names.ToArray(), Seed = seed };
        var total = Stopwatch.StartNew();
        var best = double.PositiveInfinity;
        Dictionary<string, Tensor>? bestState = null;
        var sinceImprovement = 0;
        var bestEpoch = 0;
        long step = 0;
        try
        {
            for (var epoch = 1; epoch <= options.Epochs; epoch++)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                var watch = Stopwatch.StartNew();
                model.Module.train();
                var trainMeans = new double[names.Count];
                long seen = 0;
                foreach (var slice in train.Plan(options.BatchSize, shuffle: true, generator, epoch))
                {
                    options.CancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var batch = train.Load(slice);
                    var values = model.TrainStep(batch);
                    step++;
                    CheckFinite(values, names, epoch, step, options);
                    Accumulate(trainMeans, values, batch.Rows, ref seen);
                    if (recordSteps)
                    {
                        history.Steps.Add(new StepRecord(step, epoch, values));
                    }

                    if (model.ShouldStop)
                    {
                        break;
                    }
                }

                model.OnEpochEnd(epoch);

                var metrics = new Dictionary<string, double>();
                for (var i = 0; i < names.Count; i++)
                {
                    metrics["train/" + names[i]] = trainMeans[i];
                }

                double? validationLoss = null;
                if (validation is not null)
                {
                    var means = Evaluate(model, validation, options.BatchSize, generator, epoch);
                    for (var i = 0; i < names.Count; i++)
                    {
                        metrics["validation/" + names[i]] = means[i];
                    }

                    validationLoss = means[0];
                    if (!double.IsFinite(means[0]))
                    {
                        throw new TrainingDivergedException(
                            $"Training diverged: the validation loss '{names[0]}' is {means[0]} after epoch {epoch} (step {step}). " +
                            $"Lower LearningRate (now {options.LearningRate:G3}) or check the data.")
                        { Epoch = epoch, Step = step, LossName = names[0] };
                    }
                }

                var record = new EpochRecord(epoch, trainMeans[0], validationLoss, metrics, watch.Elapsed.TotalSeconds);
                history.Epochs.Add(record);
                Report(channel, options, record, total.Elapsed);

                var monitored = validationLoss ?? trainMeans[0];
                if (monitored < best - options.EarlyStoppingMinDelta)
                {
                    best = monitored;
                    bestEpoch = epoch;
                    sinceImprovement = 0;
                    if (options.EarlyStoppingPatience > 0 && options.RestoreBestWeights)
                    {
                        DisposeState(bestState);
                        bestState = Snapshot(model.Module);
                    }
                }
                else if (options.EarlyStoppingPatience > 0 && ++sinceImprovement >= options.EarlyStoppingPatience)
                {
                    history.StoppedEarly = true;
                    channel.Info($"Early stopping after epoch {epoch}: no improvement for {sinceImprovement} epochs; best epoch {bestEpoch}.");
                    break;
                }

                if (model.ShouldStop)
                {
                    channel.Info($"Stopping after epoch {epoch}: the model reached its step budget.");
                    break;
                }
            }

            // The model holds the last epoch's weights unless early stopping restores the best ones.
            history.BestEpoch = history.Epochs[^1].Epoch;
            if (bestState is not null && bestEpoch != history.BestEpoch)
            {
                history.BestEpoch = bestEpoch;
                using (no_grad())
                {
                    model.Module.load_state_dict(bestState);
                }
            }
        }
        finally
        {
            DisposeState(bestState);
        }

        history.TotalSeconds = total.Elapsed.TotalSeconds;
        model.Module.eval();
        return history;
    }

    /// <summary>Mean values over a whole data set, weighted by rows.</summary>
    public static double[] Evaluate(ITrainableModel model, BatchSource data, int batchSize, torch.Generator generator, int epoch)
    {
        model.Module.eval();
        var means = new double[model.LossNames.Count];
        long seen = 0;
        using (no_grad())
        {
            foreach (var slice in data.Plan(batchSize, shuffle: false, generator, epoch))
            {
                using var scope = NewDisposeScope();
                var batch = data.Load(slice);
                Accumulate(means, model.Evaluate(batch), batch.Rows, ref seen);
            }
        }

        model.Module.train();
        return means;
    }

    private static void Accumulate(double[] means, float[] values, int rows, ref long seen)
    {
        // Running weighted mean: mean += (value - mean) * rows / (seen + rows)
        var weight = (double)rows / (seen + rows);
        for (var i = 0; i < means.Length; i++)
        {
            means[i] += (values[i] - means[i]) * weight;
        }

        seen += rows;
    }

    private static void CheckFinite(float[] values, IReadOnlyList<string> names, int epoch, long step, TorchTrainerOptions options)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new TrainingDivergedException(
                    $"Training diverged: loss '{names[i]}' became {values[i]} at epoch {epoch}, step {step}. No model was produced. " +
                    $"Lower LearningRate (now {options.LearningRate:G3}), check the input scaling, or use a smaller BatchSize.")
                { Epoch = epoch, Step = step, LossName = names[i] };
            }
        }
    }

    private static void Report(IChannel channel, TorchTrainerOptions options, EpochRecord record, TimeSpan elapsed)
    {
        var text = $"Epoch {record.Epoch}/{options.Epochs}: train loss {record.TrainLoss:G6}"
                   + (record.ValidationLoss is { } v ? $", validation loss {v:G6}" : "")
                   + $" ({record.Seconds:F1} s)";
        channel.Info(text);
        options.Progress?.Report(new TrainingProgress(record.Epoch, options.Epochs, record.TrainLoss, record.ValidationLoss, record.Metrics, elapsed));
    }

    private static Dictionary<string, Tensor> Snapshot(nn.Module module)
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, value) in module.state_dict())
        {
            state[name] = value.detach().clone().DetachFromDisposeScope();
        }

        return state;
    }

    private static void DisposeState(Dictionary<string, Tensor>? state)
    {
        if (state is null)
        {
            return;
        }

        foreach (var t in state.Values)
        {
            t.Dispose();
        }
    }
}
