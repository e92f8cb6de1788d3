using GenAi.MLNet.Core;
using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Text;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// One step of REINFORCE with a KL penalty: sample completions of the batch's prompts from the policy, score
/// them with the reward function, shape the reward with −β log(π/π_ref) of each completion, subtract the mean of
/// the other completions of the same prompt, and ascend Σ advantage · log π(completion). Dropout is off
/// throughout (the sampled and the trained log-probabilities must be the same function).
/// Reported: the policy loss, the mean reward, and the mean log(π/π_ref) of the sampled completions (a
/// Monte-Carlo estimate of KL(π ‖ π_ref) in nats per completion).
/// </summary>
internal sealed class RewardTraining : ITrainableModel
{
    private readonly CausalLanguageNetwork _policy;
    private readonly CausalLanguageNetwork _reference;
    private readonly TextTokenizer _tokenizer;
    private readonly Func<string, string, double> _reward;
    private readonly RewardFineTuningOptions _options;
    private readonly Optimizer _optimizer;
    private readonly Generator _generator;
    private readonly Device _device;

    public RewardTraining(CausalLanguageNetwork policy, CausalLanguageNetwork reference, TextTokenizer tokenizer, Func<string, string, double> reward, RewardFineTuningOptions options, Generator generator, Device device)
    {
        _policy = policy;
        _reference = reference;
        _tokenizer = tokenizer;
        _reward = reward;
        _options = options;
        _generator = generator;
        _device = device;
        _optimizer = options.CreateOptimizer(policy.parameters(), options.LearningRate, "policy");
    }

    public nn.Module Module => _policy;

    public IReadOnlyList<string> LossNames { get; } = ["policy", "reward", "KL"];

    public IReadOnlyList<Optimizer> Optimizers => [_optimizer];

    public float[] TrainStep(Batch batch, StepContext step)
    {
        if (step.StartsGroup)
        {
            _optimizer.ZeroGrad();
        }

        _policy.eval();
        Tensor loss;
        float reward, kl;
        try
        {
            (loss, reward, kl) = Objective(batch.Texts(0), _generator);
        }
        catch (NonFiniteLogitsException)
        {
            return [float.NaN, float.NaN, float.NaN];   // the trainer reports the divergence with its epoch and step
        }

        step.Backward(loss);
        step.Step(_optimizer);
        return [loss.item<float>(), reward, kl];
    }

    public float[] Evaluate(Batch batch)
    {
        using var generator = new Generator(12345, _device);
        var (loss, reward, kl) = Objective(batch.Texts(0), generator);
        return [loss.item<float>(), reward, kl];
    }

    public long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps)
        => [(batchesPerEpoch + accumulationSteps - 1) / accumulationSteps * epochs];

    public void Dispose() => _optimizer.Dispose();

    private (Tensor Loss, float Reward, float Kl) Objective(IReadOnlyList<string> prompts, Generator generator)
    {
        var k = _options.SamplesPerPrompt;
        var completions = SequenceSampler.Sample(_policy, _tokenizer, prompts, k, _options.MaxNewTokens, generator, _device, _options.PromptColumnName);
        var rewards = completions.Select(c => Reward(prompts[c.Prompt], c.Text)).ToArray();
        var logp = SequenceSampler.LogProbability(_policy, completions, _device);                      // (N)
        Tensor logRef;
        using (no_grad())
        {
            logRef = SequenceSampler.LogProbability(_reference, completions, _device);                // (N)
        }

        var ratio = (logp.detach() - logRef).view(prompts.Count, k);                                  // (P, K): log π/π_ref
        var shaped = tensor(rewards.Select(r => (float)r).ToArray(), device: _device).view(prompts.Count, k) - ratio.Times(_options.KlCoefficient);
        var baseline = (shaped.sum(1, keepdim: true) - shaped).Over(k - 1);                             // (P, K): leave-one-out mean
        var advantage = shaped - baseline;
        if (_options.NormalizeAdvantages)
        {
            advantage = advantage / advantage.std().Plus(1e-6);
        }

        var loss = -(advantage.view(-1) * logp).mean();
        return (loss, (float)rewards.Average(), ratio.mean().item<float>());
    }

    private double Reward(string prompt, string completion)
    {
        double r;
        try
        {
            r = _reward(prompt, completion);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"The reward function threw for the completion \"{completion}\" of the prompt \"{prompt}\": {e.Message}", e);
        }


        return double.IsFinite(r)
            ? r
            : throw new InvalidOperationException($"The reward function returned {r} for the completion \"{completion}\" of the prompt \"{prompt}\"; rewards must be finite numbers.");
    }
}
