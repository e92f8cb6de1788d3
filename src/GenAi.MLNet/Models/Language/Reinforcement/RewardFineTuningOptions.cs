using System;
using GenAi.MLNet.Training;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// Options of reward fine-tuning: a pre-trained causal language model (the policy) learns by REINFORCE to raise a
/// reward function's value on its completions, with a KL penalty to the pre-trained model (Ziegler et al. 2019,
/// the recipe of RLHF): each completion y of a prompt x earns r(x, y) − β log(π(y | x) / π_ref(y | x)), and
/// the policy gradient is taken against the mean of the other completions of the same prompt (leave-one-out
/// baseline, Kool et al. 2019). One optimizer step per batch of prompts; an epoch is a pass over the prompts.
/// </summary>
public sealed class RewardFineTuningOptions : TorchTrainerOptions
{
    /// <summary>Creates the options with reward fine-tuning's defaults (Adam, rate 3e-4, one prompt per step, 64 completions per prompt, 200 epochs, gradient norm clipped to 1).</summary>
    public RewardFineTuningOptions()
    {
        LearningRate = 3e-4;
        BatchSize = 1;
        Epochs = 200;
        GradientClipNorm = 1.0;
    }

    /// <summary>The text column of prompts (an empty text asks for a completion from nothing). Default <c>"Text"</c>, the language model's default text column, so the same view can be scored by the fitted model.</summary>
    public string PromptColumnName { get; set; } = "Text";

    /// <summary>Completions sampled from the policy for every prompt at each step. Default 64.</summary>
    public int SamplesPerPrompt { get; set; } = 64;

    /// <summary>The longest completion in tokens (also bounded by the model's context). Default 32.</summary>
    public int MaxNewTokens { get; set; } = 32;

    /// <summary>
    /// β of the KL penalty. The best policy under the penalty is π_ref(y) exp(r(y)/β), normalised: with a 0/1
    /// reward met by a share q of the pre-trained model's completions, it meets the constraint with probability
    /// q e^{1/β} / (q e^{1/β} + 1 − q) — 99.9 % for q = 4 % at the default β = 0.1, 87 % at β = 0.2. Default 0.1.
    /// </summary>
    public double KlCoefficient { get; set; } = 0.1;

    /// <summary>Divide the advantages of a step by their standard deviation. Default true.</summary>
    public bool NormalizeAdvantages { get; set; } = true;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(PromptColumnName))
        {
            throw new ArgumentException("PromptColumnName must name a column.", nameof(PromptColumnName));
        }

        if (SamplesPerPrompt < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(SamplesPerPrompt), SamplesPerPrompt, "SamplesPerPrompt must be at least 2 (the baseline of a completion is the mean reward of the others).");
        }

        Positive(MaxNewTokens, nameof(MaxNewTokens));
        if (!(KlCoefficient >= 0) || double.IsInfinity(KlCoefficient))
        {
            throw new ArgumentOutOfRangeException(nameof(KlCoefficient), KlCoefficient, "KlCoefficient must be non-negative and finite.");
        }
    }
}
