using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Analysis;

namespace GenAi.MLNet.Training;

/// <summary>One epoch of a training run.</summary>
/// <param name="Epoch">Epoch number, from 1.</param>
/// <param name="TrainLoss">Mean training objective over the epoch's rows.</param>
/// <param name="ValidationLoss">Mean validation objective, when there was validation data.</param>
/// <param name="Metrics">Every named value: <c>train/&lt;name&gt;</c> and <c>validation/&lt;name&gt;</c>.</param>
/// <param name="Seconds">Wall time of the epoch, validation included.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double? ValidationLoss, IReadOnlyDictionary<string, double> Metrics, double Seconds);
