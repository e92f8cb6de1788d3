using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training;

/// <summary>
/// The training loop every model family shares. It knows nothing about the models: epochs, micro-batches and
/// accumulation groups, a dispose scope per step, the NaN/Inf guards (on every step's values and, after each
/// epoch, on every weight and buffer), validation, early stopping, checkpoints, cancellation, progress and history.
/// </summary>
internal static class Trainer
{
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromSeconds(0.5);

    /// <summary>Receives progress when the options set none (the notebook kernel extension sets it).</summary>
    internal static Func<IProgress<TrainingProgress>?>? DefaultProgress { get; set; }

    public static TrainingHistory Run(
        ITrainableModel model,
        BatchSource train,
        BatchSource? validation,
        TorchTrainerOptions options,
        IChannel channel,
        torch.Generator generator,
        int seed,
        bool recordSteps = false,
        string? fingerprint = null)
    {
        // Training needs gradients even when the caller is inside a no_grad scope (e.g. a notebook cell).
        using var gradients = torch.enable_grad();
        var names = model.LossNames;
        var optimizerNames = model.Optimizers.Select(o => o.Name).ToArray();
        var history = new TrainingHistory { LossNames = names.ToArray(), OptimizerNames = optimizerNames, Seed = seed };
        var state = new TrainerState();
        var minRows = model.MinimumBatchRows;
        var batchesPerEpoch = Math.Max(1, (train.Rows + options.BatchSize - 1) / options.BatchSize);
        var planned = model.PlannedSteps(batchesPerEpoch, options.Epochs, options.GradientAccumulationSteps);
        var schedules = planned.Select(total => new LearningRateScheduler(options, total)).ToArray();
        var step = new StepContext(options, schedules);
        var progress = options.Progress ?? DefaultProgress?.Invoke();
        var checkpoint = options.CheckpointPath is { } p ? Path.GetFullPath(p) : null;
        if (checkpoint is not null && fingerprint is not null
            && TrainingCheckpoint.TryRestore(checkpoint, fingerprint, model, generator) is { } restored)
        {
            (state, history) = restored;
            history.ResumedAfterEpoch = state.Epoch;
            channel.Info($"Resuming from the checkpoint '{checkpoint}' after epoch {state.Epoch} (step {state.Step}).");
        }

        var total = Stopwatch.StartNew();
        var totalSteps = planned.Length > 0 ? planned[0] : (long?)null;
        var stepsAtStart = state.Step;
        try
        {
            for (var epoch = state.Epoch + 1; epoch <= options.Epochs; epoch++)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                var watch = Stopwatch.StartNew();
                model.Module.train();
                var trainMeans = new double[names.Count];
                var normSums = new double[optimizerNames.Length];
                var normCounts = new int[optimizerNames.Length];
                long seen = 0;
                var lastReport = TimeSpan.Zero;
                var micro = 0;
                using var slices = train.Plan(options.BatchSize, shuffle: true, generator, epoch, minRows).GetEnumerator();
                var more = slices.MoveNext();
                while (more)
                {
                    options.CancellationToken.ThrowIfCancellationRequested();
                    var slice = slices.Current;
                    more = slices.MoveNext();
                    var startsGroup = micro % options.GradientAccumulationSteps == 0;
                    var endsGroup = (micro % options.GradientAccumulationSteps) == options.GradientAccumulationSteps - 1 || !more;
                    micro++;
                    float[] values;
                    using (var scope = NewDisposeScope())
                    {
                        var batch = train.Load(slice);
                        step.Begin(batch.Rows, startsGroup, endsGroup);
                        values = model.TrainStep(batch, step);
                        Accumulate(trainMeans, values, batch.Rows, ref seen);
                    }

                    if (endsGroup)
                    {
                        state.Step++;
                    }

                    CheckFinite(values, names, epoch, state.Step, firstStep: (endsGroup ? state.Step - 1 : state.Step) == 0, options);
                    for (var i = 0; i < optimizerNames.Length; i++)
                    {
                        if (float.IsFinite(step.GradientNorms[i]))
                        {
                            normSums[i] += step.GradientNorms[i];
                            normCounts[i]++;
                        }
                    }

                    if (recordSteps && endsGroup)
                    {
                        history.Steps.Add(new StepRecord(state.Step, epoch, values, LearningRate(model), (float[])step.GradientNorms.Clone()));
                    }

                    if (progress is not null && endsGroup && (state.Step == stepsAtStart + 1 || total.Elapsed - lastReport >= s_progressInterval))
                    {
                        lastReport = total.Elapsed;
                        progress.Report(Progress(options, model, names, epoch, state.Step, totalSteps, stepsAtStart, trainMeans, null, false, total.Elapsed));
                    }

                    if (model.ShouldStop)
                    {
                        break;
                    }

                    if (endsGroup && options.MaxTrainingTime is { } limit && total.Elapsed >= limit)
                    {
                        history.TimeLimitReached = true;
                        break;
                    }
                }

                model.OnEpochEnd(epoch);
                CheckWeightsFinite(model.Module, epoch, state.Step, options);

                var metrics = new Dictionary<string, double>();
                for (var i = 0; i < names.Count; i++)
                {
                    metrics["train/" + names[i]] = trainMeans[i];
                }

                metrics["lr"] = LearningRate(model);
                for (var i = 0; i < optimizerNames.Length; i++)
                {
                    metrics[optimizerNames.Length == 1 ? "grad_norm" : "grad_norm/" + optimizerNames[i]] = normCounts[i] == 0 ? double.NaN : normSums[i] / normCounts[i];
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
                            $"Training diverged: the validation loss '{names[0]}' is {means[0]} after epoch {epoch} (step {state.Step}). " +
                            $"Lower LearningRate (now {options.LearningRate:G3}) or check the data.")
                        { Epoch = epoch, Step = state.Step, LossName = names[0] };
                    }
                }

                var record = new EpochRecord(epoch, trainMeans[0], validationLoss, metrics, watch.Elapsed.TotalSeconds);
                history.Epochs.Add(record);
                Report(channel, options, record, state.Step, total.Elapsed);
                progress?.Report(Progress(options, model, names, epoch, state.Step, totalSteps, stepsAtStart, trainMeans, validationLoss, true, total.Elapsed));

                state.Epoch = epoch;
                var monitored = validationLoss ?? trainMeans[0];
                var stop = false;
                if (monitored < state.Best - options.EarlyStoppingMinDelta)
                {
                    state.Best = monitored;
                    state.BestEpoch = epoch;
                    state.SinceImprovement = 0;
                    if (options.EarlyStoppingPatience > 0 && options.RestoreBestWeights)
                    {
                        DisposeState(state.BestWeights);
                        state.BestWeights = Snapshot(model.Module);
                    }
                }
                else if (options.EarlyStoppingPatience > 0 && ++state.SinceImprovement >= options.EarlyStoppingPatience)
                {
                    history.StoppedEarly = true;
                    channel.Info($"Early stopping after epoch {epoch}: no improvement for {state.SinceImprovement} epochs; best epoch {state.BestEpoch}.");
                    stop = true;
                }

                if (model.ShouldStop)
                {
                    channel.Info($"Stopping after epoch {epoch}: the model reached its step budget.");
                    stop = true;
                }

                if (history.TimeLimitReached)
                {
                    channel.Info($"Stopping in epoch {epoch} at step {state.Step}: MaxTrainingTime ({options.MaxTrainingTime}) has passed.");
                    stop = true;
                }

                if (checkpoint is not null && fingerprint is not null && !stop && epoch < options.Epochs)
                {
                    TrainingCheckpoint.Save(checkpoint, fingerprint, model, generator, state, history);
                }

                if (stop)
                {
                    break;
                }
            }

            if (history.Epochs.Count == 0)
            {
                throw new InvalidOperationException("No epoch was trained: the checkpoint already holds every planned epoch. Delete it or raise Epochs.");
            }

            // The model holds the last epoch's weights unless early stopping restores the best ones.
            history.BestEpoch = history.Epochs[^1].Epoch;
            if (state.BestWeights is not null && state.BestEpoch != history.BestEpoch)
            {
                history.BestEpoch = state.BestEpoch;
                using (no_grad())
                {
                    model.Module.load_state_dict(state.BestWeights);
                }
            }
        }
        finally
        {
            DisposeState(state.BestWeights);
        }

        if (checkpoint is not null && File.Exists(checkpoint))
        {
            File.Delete(checkpoint);
        }

        if (progress is not null)
        {
            var last = history.Epochs[^1];
            var means = names.Select(n => last.Metrics.TryGetValue("train/" + n, out var v) ? v : double.NaN).ToArray();
            progress.Report(Progress(options, model, names, last.Epoch, state.Step, totalSteps, stepsAtStart, means, last.ValidationLoss, true, total.Elapsed) with { IsFinished = true, Remaining = TimeSpan.Zero });
        }

        history.TotalSeconds += total.Elapsed.TotalSeconds;
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

    private static double LearningRate(ITrainableModel model) => model.Optimizers.Count == 0 ? 0 : model.Optimizers[0].LearningRate;

    private static TrainingProgress Progress(TorchTrainerOptions options, ITrainableModel model, IReadOnlyList<string> names, int epoch, long step,
        long? totalSteps, long stepsAtStart, double[] means, double? validation, bool epochEnd, TimeSpan elapsed)
    {
        var metrics = new Dictionary<string, double>();
        for (var i = 0; i < names.Count; i++)
        {
            metrics["train/" + names[i]] = means[i];
        }

        TimeSpan? remaining = null;
        if (totalSteps is { } totalPlanned && step > stepsAtStart && totalPlanned > step)
        {
            remaining = elapsed / (step - stepsAtStart) * (totalPlanned - step);
        }

        return new TrainingProgress
        {
            Epoch = epoch,
            Epochs = options.Epochs,
            Step = step,
            TotalSteps = totalSteps,
            IsEpochEnd = epochEnd,
            TrainLoss = means[0],
            ValidationLoss = validation,
            LearningRate = LearningRate(model),
            Metrics = metrics,
            Elapsed = elapsed,
            Remaining = epochEnd && epoch == options.Epochs ? TimeSpan.Zero : remaining,
        };
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

    private static void CheckFinite(float[] values, IReadOnlyList<string> names, int epoch, long step, bool firstStep, TorchTrainerOptions options)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (float.IsFinite(values[i]))
            {
                continue;
            }

            // On the first step training has not had time to go astray: the untrained model overflows on this
            // data (e.g. a VAE's log-variance on features in the thousands), which no learning rate fixes.
            var message = firstStep
                ? $"Training diverged: loss '{names[i]}' is {values[i]} on the first training step (epoch {epoch}): the untrained model already overflows on this data, " +
                  "so a lower learning rate will not help. Check the input's scale and standardise the features first " +
                  "(e.g. mlContext.Transforms.NormalizeMeanVariance). No model was produced."
                : $"Training diverged: loss '{names[i]}' became {values[i]} at epoch {epoch}, step {step}. No model was produced. " +
                  $"Lower LearningRate (now {options.LearningRate:G3}), check the input scaling, or use a smaller BatchSize.";
            throw new TrainingDivergedException(message) { Epoch = epoch, Step = step, LossName = names[i] };
        }
    }

    /// <summary>Every weight and buffer (e.g. batch-norm running statistics) must be finite after an epoch.</summary>
    private static void CheckWeightsFinite(nn.Module module, int epoch, long step, TorchTrainerOptions options)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, value) in module.state_dict())
        {
            if (value.is_floating_point() && !value.isfinite().all().item<bool>())
            {
                throw new TrainingDivergedException(
                    $"Training diverged: '{name}' holds NaN or infinite values after epoch {epoch} (step {step}). No model was produced. " +
                    $"Lower LearningRate (now {options.LearningRate:G3}) or check the data.")
                { Epoch = epoch, Step = step, LossName = name };
            }
        }
    }

    private static void Report(IChannel channel, TorchTrainerOptions options, EpochRecord record, long step, TimeSpan elapsed)
    {
        var text = $"Epoch {record.Epoch}/{options.Epochs} (step {step}): train loss {record.TrainLoss:G6}"
                   + (record.ValidationLoss is { } v ? $", validation loss {v:G6}" : "")
                   + $" ({record.Seconds:F1} s, {elapsed.TotalSeconds:F0} s in all)";
        channel.Info(text);
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
