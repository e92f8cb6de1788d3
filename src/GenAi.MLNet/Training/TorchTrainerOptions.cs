using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp.Modules;

namespace GenAi.MLNet.Training;

/// <summary>
/// Options every GenAi.MLNet trainer shares: optimisation (optimizer, learning rate and its schedule,
/// clipping, accumulation), device, threads, validation, early stopping, checkpoints, cancellation and
/// progress. Each property documents its default; <see cref="Validate"/> names the option that is out of range.
/// </summary>
public abstract class TorchTrainerOptions
{
    /// <summary>Passes over the training data. Default 10.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Rows per optimisation step (per micro-batch with <see cref="GradientAccumulationSteps"/>). Default 128.</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Learning rate (the peak rate with a schedule). Default 1e-3.</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>The optimizer. Default <see cref="OptimizerKind.Adam"/>.</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;

    /// <summary>Adam's and AdamW's beta1. Default 0.9.</summary>
    public double AdamBeta1 { get; set; } = 0.9;

    /// <summary>Adam's and AdamW's beta2. Default 0.999.</summary>
    public double AdamBeta2 { get; set; } = 0.999;

    /// <summary>
    /// Weight decay: decoupled for AdamW (weights of two or more dimensions only; 0.1 is nanoGPT's value),
    /// an L2 term for Adam and SGD. Default 0.
    /// </summary>
    public double WeightDecay { get; set; }

    /// <summary>SGD's momentum. Default 0.9.</summary>
    public double Momentum { get; set; } = 0.9;

    /// <summary>How the learning rate changes over the planned steps. Default <see cref="Training.LearningRateSchedule.Constant"/>.</summary>
    public LearningRateSchedule LearningRateSchedule { get; set; } = LearningRateSchedule.Constant;

    /// <summary>Optimizer steps of linear warm-up from <c>LearningRate / WarmupSteps</c> to <see cref="LearningRate"/>. Default 0 (none).</summary>
    public int WarmupSteps { get; set; }

    /// <summary>The cosine schedule's final rate as a fraction of <see cref="LearningRate"/>. Default 0.1 (nanoGPT).</summary>
    public double MinLearningRateFraction { get; set; } = 0.1;

    /// <summary>The step schedule's interval in optimizer steps. Default 1000.</summary>
    public int StepDecaySteps { get; set; } = 1000;

    /// <summary>The step schedule's factor. Default 0.5.</summary>
    public double StepDecayFactor { get; set; } = 0.5;

    /// <summary>Clip the gradients' global L2 norm to this before each step (null: no clipping; 1.0 is usual for transformers). Default null.</summary>
    public double? GradientClipNorm { get; set; }

    /// <summary>
    /// Micro-batches whose gradients are summed before one optimizer step, so the step sees
    /// <c>BatchSize x GradientAccumulationSteps</c> rows (the mean over all of them, exactly). Default 1.
    /// </summary>
    public int GradientAccumulationSteps { get; set; } = 1;

    /// <summary>
    /// Seed for weight initialisation, shuffling and sampling. Default null: drawn from the
    /// <c>MLContext</c>'s random source, so <c>new MLContext(seed: 1)</c> makes the run reproducible.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Where tensors live: <c>"cpu"</c> (default), <c>"cuda"</c> / <c>"cuda:N"</c>, or <c>"auto"</c>
    /// (CUDA when available). CUDA needs a CUDA build of TorchSharp (e.g. the TorchSharp-cuda-linux
    /// package) in place of TorchSharp-cpu; it is not tested in this repository.
    /// </summary>
    public string Device { get; set; } = "cpu";

    /// <summary>
    /// Threads for TorchSharp's CPU kernels while this model trains (and while its transformer computes a
    /// batch); the process's setting is restored afterwards. Default null: the process's setting (one per core).
    /// </summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>
    /// Fraction of the training rows held out, seeded, to compute a validation loss each epoch.
    /// Default 0 (none). Alternatively pass validation data to the estimator's <c>Fit</c>.
    /// </summary>
    public double ValidationFraction { get; set; }

    /// <summary>
    /// Stop when the validation loss (or the training loss without validation data) has not improved by
    /// more than <see cref="EarlyStoppingMinDelta"/> for this many epochs. Default 0 (off).
    /// </summary>
    public int EarlyStoppingPatience { get; set; }

    /// <summary>Smallest decrease of the monitored loss that counts as an improvement. Default 0.</summary>
    public double EarlyStoppingMinDelta { get; set; }

    /// <summary>With early stopping, return the weights of the best epoch rather than the last. Default true.</summary>
    public bool RestoreBestWeights { get; set; } = true;

    /// <summary>
    /// Largest training set, in bytes of model inputs, kept in memory; larger data is streamed from
    /// IDataView cursors each epoch through a seeded shuffle buffer. Default 2 GiB.
    /// </summary>
    public long MaxInMemoryBytes { get; set; } = 2L << 30;

    /// <summary>
    /// A file for training checkpoints (weights, optimizer, schedule, random-number and early-stopping
    /// state, history), written atomically after every epoch. When the file exists at the start of
    /// <c>Fit</c>, training resumes from it and ends with the same weights an uninterrupted run would have;
    /// a checkpoint of other options or data is rejected with an error. The file is deleted when training
    /// completes. Default null (no checkpoints).
    /// </summary>
    public string? CheckpointPath { get; set; }

    /// <summary>
    /// A wall-clock budget for training: training stops after the first optimizer step that ends past it and
    /// the model is kept (the last epoch is then partial; <see cref="TrainingHistory.TimeLimitReached"/> says so) —
    /// for comparisons at equal training time and for fitting whatever a budget allows. The number of steps then
    /// depends on the machine and its load, so results are not reproducible across machines; a learning-rate
    /// schedule is still planned for all <see cref="TorchTrainerOptions.Epochs"/>. Not part of the checkpoint's
    /// fingerprint: a resumed run gets the budget afresh. Default null (no limit).
    /// </summary>
    [JsonIgnore]
    public TimeSpan? MaxTrainingTime { get; set; }

    /// <summary>Stops training between two steps; the estimator then throws <see cref="OperationCanceledException"/>.</summary>
    [JsonIgnore]
    public CancellationToken CancellationToken { get; set; }

    /// <summary>
    /// Receives progress during training: after the first step, about twice a second, and after every
    /// epoch (in addition to ML.NET's log channel). In a notebook with GenAi.MLNet's kernel extension,
    /// progress is displayed as an updating line when this is null.
    /// </summary>
    [JsonIgnore]
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Checks every option; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public virtual void Validate()
    {
        Positive(Epochs, nameof(Epochs));
        Positive(BatchSize, nameof(BatchSize));
        Positive(GradientAccumulationSteps, nameof(GradientAccumulationSteps));
        PositiveFinite(LearningRate, nameof(LearningRate));
        if (!Enum.IsDefined(Optimizer))
        {
            throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, "Unknown optimizer.");
        }

        if (!(AdamBeta1 >= 0 && AdamBeta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(AdamBeta1), AdamBeta1, "AdamBeta1 must lie in [0, 1).");
        }

        if (!(AdamBeta2 >= 0 && AdamBeta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(AdamBeta2), AdamBeta2, "AdamBeta2 must lie in [0, 1).");
        }

        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be non-negative and finite.");
        }

        if (!(Momentum >= 0 && Momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Momentum must lie in [0, 1).");
        }

        if (!Enum.IsDefined(LearningRateSchedule))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRateSchedule), LearningRateSchedule, "Unknown schedule.");
        }

        if (WarmupSteps < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "WarmupSteps must be 0 or positive.");
        }

        if (!(MinLearningRateFraction >= 0 && MinLearningRateFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinLearningRateFraction), MinLearningRateFraction, "MinLearningRateFraction must lie in [0, 1].");
        }

        Positive(StepDecaySteps, nameof(StepDecaySteps));
        if (!(StepDecayFactor > 0 && StepDecayFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(StepDecayFactor), StepDecayFactor, "StepDecayFactor must lie in (0, 1].");
        }

        if (GradientClipNorm is { } clip)
        {
            PositiveFinite(clip, nameof(GradientClipNorm));
        }

        if (MaxTrainingTime is { } time && time <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTrainingTime), time, "MaxTrainingTime must be positive (or null for no limit).");
        }

        if (NumberOfThreads is { } threads && threads <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(NumberOfThreads), threads, "NumberOfThreads must be positive (or null for the process's setting).");
        }

        if (!(ValidationFraction >= 0 && ValidationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "ValidationFraction must be in [0, 1).");
        }

        if (EarlyStoppingPatience < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "EarlyStoppingPatience must be 0 (off) or positive.");
        }

        if (!(EarlyStoppingMinDelta >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(EarlyStoppingMinDelta), EarlyStoppingMinDelta, "EarlyStoppingMinDelta must be non-negative.");
        }

        if (MaxInMemoryBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxInMemoryBytes), MaxInMemoryBytes, "MaxInMemoryBytes must be non-negative.");
        }

        if (CheckpointPath is not null && string.IsNullOrWhiteSpace(CheckpointPath))
        {
            throw new ArgumentException("CheckpointPath must name a file or be null.", nameof(CheckpointPath));
        }

        Core.TorchDevice.Parse(Device);
    }

    /// <summary>The optimizer these options describe, over <paramref name="parameters"/> at <paramref name="learningRate"/>.</summary>
    internal Optimizer CreateOptimizer(IEnumerable<Parameter> parameters, double learningRate, string name)
    {
        Optimizer optimizer = Optimizer switch
        {
            OptimizerKind.AdamW => new Optimizers.AdamW(parameters, learningRate, AdamBeta1, AdamBeta2, weightDecay: WeightDecay),
            OptimizerKind.Sgd => new Optimizers.Sgd(parameters, learningRate, Momentum, WeightDecay),
            _ => new Optimizers.Adam(parameters, learningRate, AdamBeta1, AdamBeta2, weightDecay: WeightDecay),
        };
        optimizer.Name = name;
        return optimizer;
    }

    /// <summary>A deep copy that keeps the cancellation token, progress receiver and time limit (Fit works on a copy).</summary>
    internal T CopyForTraining<T>()
        where T : TorchTrainerOptions
    {
        var copy = (T)Core.Persistence.ModelEntries.Clone(this);
        copy.CancellationToken = CancellationToken;
        copy.Progress = Progress;
        copy.MaxTrainingTime = MaxTrainingTime;
        return copy;
    }

    /// <summary>Throws when <paramref name="value"/> is not positive.</summary>
    protected static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }
    }

    /// <summary>Throws when <paramref name="value"/> is not a positive finite number.</summary>
    protected static void PositiveFinite(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive, finite number.");
        }
    }
}
