using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>What a reward-tuned generator produces, measured on fresh samples.</summary>
/// <param name="Samples">Completions drawn.</param>
/// <param name="MeanReward">Mean reward (for a 0/1 reward: the share meeting the constraint).</param>
/// <param name="Distinct">Share of the completions that are distinct.</param>
/// <param name="Novelty">Share of the completions not in the training texts (NaN without them).</param>
/// <param name="KlToReference">Mean log(π(y)/π_ref(y)) over the model's own completions (end token included): a Monte-Carlo estimate of KL(π ‖ π_ref), nats per completion.</param>
/// <param name="Completions">The completions, in order.</param>
public sealed record RewardReport(int Samples, double MeanReward, double Distinct, double Novelty, double KlToReference, IReadOnlyList<string> Completions);

/// <summary>Measures a generator against a reward, its reference model and its training texts.</summary>
public static class RewardEvaluation
{
    /// <summary>
    /// Draws <paramref name="samplesPerPrompt"/> completions of every prompt from <paramref name="model"/> (temperature 1)
    /// and reports the mean reward, the share of distinct and of novel completions, and the KL to <paramref name="reference"/>.
    /// </summary>
    /// <param name="model">The generator (e.g. a reward-tuned model).</param>
    /// <param name="reference">The model KL is measured against (e.g. the pre-trained one); must share the tokenizer. Passing <paramref name="model"/> itself gives KL 0.</param>
    /// <param name="reward">The reward of a (prompt, completion) pair.</param>
    /// <param name="prompts">The prompts ("" for completions from nothing).</param>
    /// <param name="samplesPerPrompt">Completions per prompt.</param>
    /// <param name="training">Optional training texts for <see cref="RewardReport.Novelty"/>.</param>
    /// <param name="seed">Seed of the sampling.</param>
    /// <param name="maxNewTokens">The longest completion in tokens.</param>
    public static RewardReport Evaluate(CausalLanguageModelTransformer model, CausalLanguageModelTransformer reference, Func<string, string, double> reward, IReadOnlyList<string> prompts, int samplesPerPrompt = 100, IEnumerable<string>? training = null, int seed = 0, int maxNewTokens = 32)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(reward);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerPrompt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNewTokens);
        if (prompts.Count == 0)
        {
            throw new ArgumentException("Give at least one prompt.", nameof(prompts));
        }

        if (reference.Tokenizer.VocabularySize != model.Tokenizer.VocabularySize)
        {
            throw new ArgumentException("The reference model has another tokenizer than the model; KL needs both to read the same tokens.", nameof(reference));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = TorchRandom.Generator(seed);
        var device = model.Network.parameters().First().device;
        var completions = SequenceSampler.Sample(model.Network, model.Tokenizer, prompts, samplesPerPrompt, maxNewTokens, generator, device, "prompts");
        var texts = completions.Select(c => c.Text).ToArray();
        var kl = (SequenceSampler.LogProbability(model.Network, completions, device) - SequenceSampler.LogProbability(reference.Network, completions, device)).mean().item<float>();
        var rewards = completions.Select(c => reward(prompts[c.Prompt], c.Text)).ToArray();
        var novelty = training is null ? double.NaN : TextMetrics.Novelty(texts, training);
        return new RewardReport(texts.Length, rewards.Average(), (double)texts.Distinct(StringComparer.Ordinal).Count() / texts.Length, novelty, kl, texts);
    }
}
