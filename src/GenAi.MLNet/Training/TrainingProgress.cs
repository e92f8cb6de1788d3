using System;
using System.Collections.Generic;
using System.Globalization;

namespace GenAi.MLNet.Training;

/// <summary>A progress report sent to <see cref="TorchTrainerOptions.Progress"/> during training.</summary>
public sealed record TrainingProgress
{
    /// <summary>The current epoch, from 1.</summary>
    public int Epoch { get; init; }

    /// <summary>Epochs planned.</summary>
    public int Epochs { get; init; }

    /// <summary>Optimisation steps taken so far (in all epochs).</summary>
    public long Step { get; init; }

    /// <summary>Steps planned in all, when known.</summary>
    public long? TotalSteps { get; init; }

    /// <summary>True for the report sent after an epoch ends (with its validation loss); false for reports during an epoch.</summary>
    public bool IsEpochEnd { get; init; }

    /// <summary>True for the one report sent when training has finished (after the last epoch or early stopping).</summary>
    public bool IsFinished { get; init; }

    /// <summary>Mean training loss of the epoch so far (of the whole epoch when <see cref="IsEpochEnd"/>).</summary>
    public double TrainLoss { get; init; }

    /// <summary>Mean validation loss, after an epoch with validation data.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>The learning rate of the last step.</summary>
    public double LearningRate { get; init; }

    /// <summary>Every named value of the epoch so far (loss components), training and validation.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Time since training started.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Estimated time to the end, from the pace so far, when the total is known.</summary>
    public TimeSpan? Remaining { get; init; }

    /// <summary>One line: epoch, step, loss, learning rate, elapsed and remaining time.</summary>
    public override string ToString()
    {
        var total = TotalSteps is { } t ? $"/{t:N0}" : "";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{(IsFinished ? "done: " : "")}epoch {Epoch}/{Epochs}, step {Step:N0}{total}: loss {TrainLoss:G5}");
        if (ValidationLoss is { } v)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", validation {v:G5}");
        }

        text += string.Create(CultureInfo.InvariantCulture, $", lr {LearningRate:G3}, {Format(Elapsed)} elapsed");
        if (Remaining is { } r && !IsFinished)
        {
            text += $", about {Format(r)} left";
        }

        return text;
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1
        ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
