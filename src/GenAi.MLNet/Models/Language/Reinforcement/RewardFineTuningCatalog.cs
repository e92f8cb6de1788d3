using System;
using GenAi.MLNet.Models.Language;

namespace GenAi.MLNet;

/// <summary>Reinforcement-learning fine-tuning of language models on <see cref="GenerativeCatalog"/>.</summary>
public static class RewardFineTuningCatalog
{
    /// <summary>
    /// Fine-tunes <paramref name="pretrained"/> by REINFORCE with a KL penalty to itself so that its completions earn
    /// a high <paramref name="reward"/> (RL-based generation, the recipe of RLHF with a reward function in place of a
    /// learned reward model). Fit on a view of prompts (e.g. one empty prompt for unconditional generation).
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="pretrained">A fitted causal language model; left unchanged.</param>
    /// <param name="reward">The reward of a completion (higher is better; e.g. 1 when a constraint holds, else 0).</param>
    /// <param name="promptColumnName">Input: the text column of prompts.</param>
    /// <param name="epochs">Passes over the prompts (one optimizer step per batch of prompts).</param>
    /// <param name="klCoefficient">β of the KL penalty (see <see cref="RewardFineTuningOptions.KlCoefficient"/>).</param>
    public static RewardFineTuningEstimator RewardFineTuning(this GenerativeCatalog catalog, CausalLanguageModelTransformer pretrained, Func<string, double> reward, string promptColumnName = "Text", int epochs = 200, double klCoefficient = 0.1)
    {
        ArgumentNullException.ThrowIfNull(reward);
        return RewardFineTuning(catalog, pretrained, (_, completion) => reward(completion), new RewardFineTuningOptions
        {
            PromptColumnName = promptColumnName,
            Epochs = epochs,
            KlCoefficient = klCoefficient,
        });
    }

    /// <summary>Reward fine-tuning with a reward of (prompt, completion) and every option.</summary>
    public static RewardFineTuningEstimator RewardFineTuning(this GenerativeCatalog catalog, CausalLanguageModelTransformer pretrained, Func<string, string, double> reward, RewardFineTuningOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RewardFineTuningEstimator(catalog.Context, pretrained, reward, options);
    }
}
