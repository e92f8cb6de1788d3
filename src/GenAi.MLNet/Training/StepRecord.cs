using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Analysis;

namespace GenAi.MLNet.Training;

/// <summary>One optimisation step (for models whose steps are worth plotting, such as GANs).</summary>
/// <param name="Step">Global step, from 1.</param>
/// <param name="Epoch">Epoch of the step, from 1.</param>
/// <param name="Values">The step's named values, in <see cref="TrainingHistory.LossNames"/> order.</param>
/// <param name="LearningRate">The first optimizer's learning rate at this step.</param>
/// <param name="GradientNorms">Each optimizer's gradient norm before clipping, in <see cref="TrainingHistory.OptimizerNames"/> order (NaN where it did not step).</param>
public sealed record StepRecord(long Step, int Epoch, float[] Values, double LearningRate = 0, float[]? GradientNorms = null);
