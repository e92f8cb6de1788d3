using System;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training;

/// <summary>
/// The trainer's side of one micro-batch: gradient accumulation, clipping, the learning-rate schedule and
/// the gradient-norm record, so that a family's step reads forward, <see cref="Backward"/>, <see cref="Step"/>.
/// </summary>
/// <remarks>
/// With accumulation the summed gradient of <c>loss_i x rows_i</c> over a group's micro-batches is divided
/// by the group's rows before the step: exactly the gradient of the mean loss over all of the group's rows,
/// whatever the micro-batch sizes.
/// </remarks>
internal sealed class StepContext
{
    private readonly int _accumulation;
    private readonly double? _clip;
    private readonly LearningRateScheduler[] _schedules;
    private long _groupRows;

    public StepContext(TorchTrainerOptions options, LearningRateScheduler[] schedules)
    {
        ArgumentNullException.ThrowIfNull(options);
        _accumulation = options.GradientAccumulationSteps;
        _clip = options.GradientClipNorm;
        _schedules = schedules;
        GradientNorms = new float[schedules.Length];
    }

    /// <summary>Rows of the current micro-batch.</summary>
    public int Rows { get; private set; }

    /// <summary>True for the first micro-batch of an accumulation group (zero the gradients here).</summary>
    public bool StartsGroup { get; private set; }

    /// <summary>True for the last micro-batch of a group (the optimizers step here).</summary>
    public bool EndsGroup { get; private set; }

    /// <summary>Each optimizer's gradient norm (before clipping) at its last step in this micro-batch; NaN if it did not step.</summary>
    public float[] GradientNorms { get; }

    internal void Begin(int rows, bool startsGroup, bool endsGroup)
    {
        Rows = rows;
        StartsGroup = startsGroup;
        EndsGroup = endsGroup;
        if (startsGroup)
        {
            _groupRows = 0;
        }

        _groupRows += rows;
        Array.Fill(GradientNorms, float.NaN);
    }

    /// <summary>Back-propagates a micro-batch's mean loss (weighted by its rows when accumulating).</summary>
    public void Backward(Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (_accumulation == 1)
        {
            loss.backward();
            return;
        }

        using var rows = Rows.ToScalar();
        using var weighted = loss.mul(rows);
        weighted.backward();
    }

    /// <summary>
    /// At the end of a group: scales accumulated gradients to the group mean, records their norm, clips them,
    /// sets the scheduled learning rate and steps optimizer <paramref name="index"/>. Returns false (no step) mid-group.
    /// </summary>
    public bool Step(Optimizer optimizer, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!EndsGroup)
        {
            return false;
        }

        if (_accumulation > 1)
        {
            optimizer.ScaleGradients(1.0 / _groupRows);
        }

        GradientNorms[index] = (float)(_clip is { } max ? optimizer.ClipGradientNorm(max) : optimizer.GradientNorm());
        optimizer.LearningRate = optimizer.BaseLearningRate * _schedules[index].Factor(optimizer.StepCount);
        optimizer.Step();
        return true;
    }
}
