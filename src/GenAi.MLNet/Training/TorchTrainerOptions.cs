using System;
using System.Text.Json.Serialization;
using System.Threading;

namespace GenAi.MLNet.Training;

/// <summary>
/// Options every GenAi.MLNet trainer shares: columns, optimisation, device, threads, validation,
/// early stopping, cancellation and progress. Each property documents its default; <see cref="Validate"/>
/// names the option that is out of range.
/// </summary>
public abstract class TorchTrainerOptions
{
    /// <summary>The input column: a known-size vector of Single. Default <c>"Features"</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Passes over the training data. Default 10.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Rows per optimisation step. Default 128.</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Adam learning rate. Default 1e-3.</summary>
    public double LearningRate { get; set; } = 1e-3;

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
    /// Threads for TorchSharp's CPU kernels (a process-wide setting). Default null: leave TorchSharp's
    /// own default (one per core).
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
    /// Largest training set, in bytes of float features, kept as one tensor in memory; larger data is
    /// streamed from IDataView cursors each epoch through a seeded shuffle buffer. Default 2 GiB.
    /// </summary>
    public long MaxInMemoryBytes { get; set; } = 2L << 30;

    /// <summary>Stops training between two steps; the estimator then throws <see cref="OperationCanceledException"/>.</summary>
    [JsonIgnore]
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Receives a report after every epoch (in addition to ML.NET's log channel).</summary>
    [JsonIgnore]
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Checks every option; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public virtual void Validate()
    {
        if (string.IsNullOrWhiteSpace(FeatureColumnName))
        {
            throw new ArgumentException("FeatureColumnName must name a column.", nameof(FeatureColumnName));
        }

        Positive(Epochs, nameof(Epochs));
        Positive(BatchSize, nameof(BatchSize));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be a positive, finite number.");
        }

        if (NumberOfThreads is { } threads && threads <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(NumberOfThreads), threads, "NumberOfThreads must be positive (or null for TorchSharp's default).");
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

        Core.TorchDevice.Parse(Device);
    }

    /// <summary>Throws when <paramref name="value"/> is not positive.</summary>
    protected static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }
    }
}
