using System;

namespace GenAi.MLNet.Training;

/// <summary>
/// Thrown when a loss becomes NaN or infinite: training stops at that step and no model is returned.
/// </summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Epoch (from 1) in which the loss diverged.</summary>
    public int Epoch { get; init; }

    /// <summary>Global optimisation step (from 1) at which the loss diverged.</summary>
    public long Step { get; init; }

    /// <summary>The loss that diverged.</summary>
    public string LossName { get; init; } = "";
}
