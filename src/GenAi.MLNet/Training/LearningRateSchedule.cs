using System;

namespace GenAi.MLNet.Training;

/// <summary>How the learning rate changes over training (the optimizer's rate times a factor per step).</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate every step (after any warm-up).</summary>
    Constant,

    /// <summary>
    /// Linear warm-up over <see cref="TorchTrainerOptions.WarmupSteps"/>, then a cosine decay to
    /// <see cref="TorchTrainerOptions.MinLearningRateFraction"/> of the rate at the last planned step (as nanoGPT).
    /// </summary>
    WarmupCosine,

    /// <summary>Multiply the rate by <see cref="TorchTrainerOptions.StepDecayFactor"/> every <see cref="TorchTrainerOptions.StepDecaySteps"/> steps (as torch's StepLR, counted in optimizer steps), after any warm-up.</summary>
    Step,
}
