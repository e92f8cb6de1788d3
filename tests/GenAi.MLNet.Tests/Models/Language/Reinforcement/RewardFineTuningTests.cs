using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Language;
using Microsoft.ML;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Language.Reinforcement;

[Collection(TorchCollection.Name)]
public sealed class RewardFineTuningTests(ITestOutputHelper output)
{
    /// <summary>Starts with a vowel and ends with "a": 4.4 % of the 8,422 names in the list.</summary>
    private static double VowelToA(string name) => name.Length > 1 && "AEIOU".Contains(name[0]) && name.EndsWith('a') ? 1 : 0;

    private sealed class Row
    {
        public string Text { get; set; } = "";
    }

    /// <summary>
    /// RL-based generation on English first names: a character GPT trained on 90 % of the list, then REINFORCE with
    /// a KL penalty to itself against a 0/1 reward (starts with a vowel, ends with "a"). The constraint rises from
    /// the pre-trained rate to ≥ 90 % while ≥ 80 % of the names stay distinct, most are new, and the KL to the
    /// pre-trained model stays a few nats (the best policy under the penalty is the pre-trained model conditioned on
    /// the constraint, KL ≈ −log 0.044 ≈ 3.1 nats).
    /// </summary>
    [Fact]
    public void RewardFineTuningMeetsTheConstraintWithDistinctNovelNames()
    {
        var ml = new MLContext(seed: 1);
        var names = File.ReadAllLines(DataDirectory.File("text/first-names-en.txt")).Where(n => n.Length > 0).ToArray();
        new Random(2).Shuffle(names);
        var train = names[..(int)(names.Length * 0.9)];
        var pretrained = ml.Generative().CausalLanguageModel(new CausalLanguageModelOptions
        {
            ContextLength = 16, Layers = 2, Heads = 4, EmbeddingSize = 64, Dropout = 0, BatchSize = 64, Epochs = 50,
            MaxSteps = 1000, LearningRate = 3e-3, WarmupSteps = 50, NumberOfThreads = 1,
        }).Fit(ml.Data.LoadFromEnumerable(train.Select(n => new Row { Text = n })));

        var prompts = ml.Data.LoadFromEnumerable(new[] { new Row() });
        var before = RewardEvaluation.Evaluate(pretrained, pretrained, (_, c) => VowelToA(c), [""], samplesPerPrompt: 500, training: train, seed: 3, maxNewTokens: 15);
        var tuned = ml.Generative().RewardFineTuning(pretrained, (_, c) => VowelToA(c), new RewardFineTuningOptions { Epochs = 150, MaxNewTokens = 15, NumberOfThreads = 1 }).Fit(prompts);
        var after = RewardEvaluation.Evaluate(tuned, pretrained, (_, c) => VowelToA(c), [""], samplesPerPrompt: 500, training: train, seed: 3, maxNewTokens: 15);
        output.WriteLine($"before: constraint {before.MeanReward:P1}, distinct {before.Distinct:P1}, novel {before.Novelty:P1}");
        output.WriteLine($"after:  constraint {after.MeanReward:P1}, distinct {after.Distinct:P1}, novel {after.Novelty:P1}, KL to the pre-trained model {after.KlToReference:F2} nats per name");
        output.WriteLine($"samples: {string.Join(", ", after.Completions.Take(20))}");
        output.WriteLine($"reward by epoch: {string.Join(" ", tuned.History.Epochs.Where((_, i) => i % 15 == 0).Select(e => e.Metrics["train/reward"].ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.InRange(before.MeanReward, 0.01, 0.15);
        Assert.True(after.MeanReward >= 0.9, $"constraint {after.MeanReward:P1}");
        Assert.True(after.Distinct >= 0.8, $"distinct {after.Distinct:P1}");
        Assert.True(after.Novelty >= 0.3, $"novel {after.Novelty:P1}");
        Assert.InRange(after.KlToReference, 0.5, 10);
        Assert.StartsWith("", tuned.Generate(""));   // the tuned model is an ordinary language model
    }
}
