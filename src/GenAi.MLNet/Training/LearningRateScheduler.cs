using System;

namespace GenAi.MLNet.Training;

/// <summary>The factor the base learning rate is multiplied by at each optimizer step.</summary>
internal sealed class LearningRateScheduler
{
    private readonly LearningRateSchedule _schedule;
    private readonly long _warmup;
    private readonly long _totalSteps;
    private readonly double _minFraction;
    private readonly long _decaySteps;
    private readonly double _decayFactor;

    public LearningRateScheduler(TorchTrainerOptions options, long totalSteps)
    {
        ArgumentNullException.ThrowIfNull(options);
        _schedule = options.LearningRateSchedule;
        _warmup = options.WarmupSteps;
        _totalSteps = Math.Max(1, totalSteps);
        _minFraction = options.MinLearningRateFraction;
        _decaySteps = options.StepDecaySteps;
        _decayFactor = options.StepDecayFactor;
    }

    /// <summary>The factor for optimizer step <paramref name="step"/> (counted from 0).</summary>
    public double Factor(long step)
    {
        if (_warmup > 0 && step < _warmup)
        {
            return (step + 1) / (double)_warmup;
        }

        switch (_schedule)
        {
            case LearningRateSchedule.WarmupCosine:
                {
                    var decaySteps = Math.Max(1, _totalSteps - _warmup - 1);
                    var progress = Math.Clamp((step - _warmup) / (double)decaySteps, 0, 1);
                    return _minFraction + ((1 - _minFraction) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
                }

            case LearningRateSchedule.Step:
                return Math.Pow(_decayFactor, Math.Floor((step - _warmup) / (double)_decaySteps));
            default:
                return 1;
        }
    }
}
