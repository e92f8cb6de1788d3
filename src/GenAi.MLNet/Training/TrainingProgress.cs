using System;
using System.Collections.Generic;

namespace GenAi.MLNet.Training;

/// <summary>A report sent to <see cref="TorchTrainerOptions.Progress"/> after each epoch.</summary>
/// <param name="Epoch">The epoch just finished, from 1.</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="TrainLoss">Mean training loss of the epoch.</param>
/// <param name="ValidationLoss">Mean validation loss, when there is validation data.</param>
/// <param name="Metrics">Every named value of the epoch (loss components), training and validation.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record TrainingProgress(
    int Epoch, int Epochs, double TrainLoss, double? ValidationLoss, IReadOnlyDictionary<string, double> Metrics, TimeSpan Elapsed);
