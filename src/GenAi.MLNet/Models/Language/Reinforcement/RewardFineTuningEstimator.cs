using System;
using System.Collections.Generic;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Persistence;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// Fine-tunes a fitted causal language model by reinforcement learning against a reward function (REINFORCE with
/// a KL penalty to the pre-trained model, as in RLHF). <c>Fit</c> reads a column of prompts; the result is a
/// <see cref="CausalLanguageModelTransformer"/> like any other (scores text, generates, saves and loads in one
/// .zip with its tokenizer); the pre-trained model is left unchanged. Create it with
/// <c>mlContext.Generative().RewardFineTuning(...)</c>.
/// </summary>
public sealed class RewardFineTuningEstimator : GenerativeEstimator<RewardFineTuningOptions, CausalLanguageNetwork, CausalLanguageModelTransformer>
{
    private readonly CausalLanguageModelTransformer _pretrained;
    private readonly Func<string, string, double> _reward;
    private readonly byte[] _weights;

    internal RewardFineTuningEstimator(MLContext mlContext, CausalLanguageModelTransformer pretrained, Func<string, string, double> reward, RewardFineTuningOptions options)
        : base(mlContext, options, "reward fine-tuning")
    {
        ArgumentNullException.ThrowIfNull(pretrained);
        ArgumentNullException.ThrowIfNull(reward);
        _pretrained = pretrained;
        _reward = reward;
        _weights = ModelEntries.ModuleToBytes(pretrained.Network);
    }

    private protected override void CheckInputSchema(RewardFineTuningOptions options, SchemaShape inputSchema)
    {
        TextInput.CheckShape(inputSchema, options.PromptColumnName);
        if (options.PromptColumnName != _pretrained.TextColumnName)
        {
            TextInput.CheckShape(inputSchema, _pretrained.TextColumnName);
        }
    }

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(RewardFineTuningOptions options)
    {
        var o = _pretrained.Options;
        return [(o.LogLikelihoodColumnName, OutputKind.Float), (o.PerplexityColumnName, OutputKind.Float), (o.BitsPerCharacterColumnName, OutputKind.Float)];
    }

    private protected override ModelInputs DescribeInputs(RewardFineTuningOptions options, IDataView data)
    {
        var prompts = new TextInput(options.PromptColumnName);
        prompts.Check(data.Schema);
        return new ModelInputs([prompts]);
    }

    private protected override CausalLanguageNetwork CreateNetwork(RewardFineTuningOptions options, ModelInputs inputs)
    {
        var network = LanguageModelFamily.CreateNetwork(_pretrained.Options, _pretrained.Tokenizer.VocabularySize);
        ModelEntries.BytesToModule(network, _weights, "pre-trained language model");
        return network;
    }

    private protected override ITrainableModel CreateTrainable(CausalLanguageNetwork network, RewardFineTuningOptions options, TrainingSetup setup)
        => new RewardTraining(network, _pretrained.Network, _pretrained.Tokenizer, _reward, options, setup.Generator, setup.Device);

    private protected override CausalLanguageModelTransformer CreateTransformer(IHostEnvironment env, ModelParts<RewardFineTuningOptions, CausalLanguageNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => new(env, new ModelParts<CausalLanguageModelOptions, CausalLanguageNetwork>(_pretrained.Options, _pretrained.ModelInputs, parts.Network, parts.History, parts.Seed));

    private protected override string Describe(RewardFineTuningOptions options, ModelInputs inputs)
        => $"reward fine-tuning of a {_pretrained.ParameterCount:N0}-parameter language model (REINFORCE, {options.SamplesPerPrompt} completions per prompt, KL coefficient {options.KlCoefficient})";
}
