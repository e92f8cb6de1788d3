using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Persistence;
using GenAi.MLNet.Data;
using GenAi.MLNet.Text;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// Trains a causal (next-token) language model on a text column: a tokenizer is fitted to the text, the
/// texts are joined (each after the boundary token) and cut into windows of <c>ContextLength</c> tokens, and
/// a GPT or an LSTM learns to predict every next token. The fitted <see cref="CausalLanguageModelTransformer"/>
/// scores rows and generates text.
/// </summary>
/// <remarks>
/// An epoch is one pass over the windows. The tokenizer is trained on all rows given to <c>Fit</c> (before
/// a validation split): the validation loss is then measured on text whose characters or merges the
/// tokenizer has seen, as with any tokenizer trained on a corpus before its model.
/// </remarks>
public sealed class CausalLanguageModelEstimator : GenerativeEstimator<CausalLanguageModelOptions, CausalLanguageNetwork, CausalLanguageModelTransformer>
{
    private readonly (PretrainedBody Body, TextTokenizer Tokenizer, byte[] Weights)? _start;

    internal CausalLanguageModelEstimator(MLContext mlContext, CausalLanguageModelOptions options, CausalLanguageModelTransformer? pretrained = null)
        : base(mlContext, options, "causal language model")
    {
        if (pretrained is not null)
        {
            var (body, network, tokenizer) = PretrainedBody.Of(pretrained, nameof(pretrained));
            _start = (body, tokenizer, ModelEntries.ModuleToBytes(network));
        }
    }

    private protected override void CheckInputSchema(CausalLanguageModelOptions options, SchemaShape inputSchema)
    {
        TextInput.CheckShape(inputSchema, options.TextColumnName);
        if (options.PromptColumnName is { } prompt)
        {
            TextInput.CheckShape(inputSchema, prompt);
        }
    }

    /// <summary>Every optimizer step's loss goes into the history (loss against tokens seen: scaling curves).</summary>
    private protected override bool RecordSteps => true;

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(CausalLanguageModelOptions options)
        => [(options.LogLikelihoodColumnName, OutputKind.Float), (options.PerplexityColumnName, OutputKind.Float), (options.BitsPerCharacterColumnName, OutputKind.Float)];

    private protected override ModelInputs DescribeInputs(CausalLanguageModelOptions options, IDataView data)
    {
        if (options.PromptColumnName is { } prompt)
        {
            new TextInput(prompt).Check(data.Schema);
        }

        if (_start is not { } start)
        {
            if (options.PromptColumnName is null)
            {
                return LanguageModelFamily.DescribeText(options, data);
            }

            // The tokenizer learns from the prompts as well as the texts: the model reads both.
            new TextInput(options.TextColumnName).Check(data.Schema);
            var (texts, prompts) = LanguageModelFamily.Texts(data, options.TextColumnName, options.PromptColumnName);
            return new ModelInputs([new TokenizedTextInput(options.TextColumnName, LanguageModelFamily.CreateTokenizer(options, [.. texts, .. prompts]))]);
        }

        // Continued pre-training (e.g. on a new domain's text) or fine-tuning on prompts: the pre-trained model's tokenizer and size.
        new TextInput(options.TextColumnName).Check(data.Schema);
        var body = start.Body;
        options.Architecture = body.Kind == BodyKind.Lstm ? LanguageModelArchitecture.Lstm : LanguageModelArchitecture.Transformer;
        (options.Layers, options.Heads, options.EmbeddingSize, options.ContextLength) = (body.Layers, body.Heads, body.Width, body.ContextLength);
        if (body.Kind == BodyKind.Lstm)
        {
            (options.LstmHiddenSize, options.TieEmbeddings) = (body.LstmHiddenSize, body.TieEmbeddings);
        }

        options.Tokenizer = start.Tokenizer.TokenizerKind;
        return new ModelInputs([new TokenizedTextInput(options.TextColumnName, start.Tokenizer)]);
    }

    private protected override (IDataView Data, ModelInputs Inputs) TrainingRows(CausalLanguageModelOptions options, ModelInputs inputs, IDataView data)
    {
        if (options.PromptColumnName is not { } prompt)
        {
            return LanguageModelFamily.WindowRows(options, inputs, data, (tokenizer, texts) => LanguageModelFamily.Windows(tokenizer, texts, options.ContextLength, options.PackRows));
        }

        // Prompt → text rows: each row on its own, a second token column flags the scored (text) tokens; windows of
        // prompt alone have nothing to learn and are left out.
        var tokenizer = ((TokenizedTextInput)inputs[0]).Tokenizer;
        var (texts, prompts) = LanguageModelFamily.Texts(data, options.TextColumnName, prompt);
        var sequences = LanguageModelFamily.PromptSequences(tokenizer, prompts, texts);
        var (windows, scored) = LanguageModelFamily.CutSequences(sequences, options.ContextLength);
        var keep = Enumerable.Range(0, windows.Length).Where(i => scored[i].AsSpan(1).Contains(1L)).ToArray();
        var scoredColumn = options.TextColumnName + ".Scored";
        var view = new InMemoryDataView.Builder()
            .AddTokens(options.TextColumnName, keep.Select(i => windows[i]).ToArray())
            .AddTokens(scoredColumn, keep.Select(i => scored[i]).ToArray())
            .Build();
        return (view, new ModelInputs([new TokenInput(options.TextColumnName, tokenizer.VocabularySize), new TokenInput(scoredColumn, 2)]));
    }

    private protected override CausalLanguageNetwork CreateNetwork(CausalLanguageModelOptions options, ModelInputs inputs)
    {
        var network = LanguageModelFamily.CreateNetwork(options, ((TokenizedTextInput)inputs[0]).Tokenizer.VocabularySize);
        if (_start is { } start)
        {
            try
            {
                ModelEntries.BytesToModule(network, start.Weights, "pre-trained language model");
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }

        return network;
    }

    private protected override ITrainableModel CreateTrainable(CausalLanguageNetwork network, CausalLanguageModelOptions options, TrainingSetup setup)
        => new LanguageModelTraining(network, options, (batch, _) => LanguageModelFamily.Loss(network, batch.Tokens(0), 0, setup.Device, options.PromptColumnName is null ? null : batch.Tokens(1)));

    private protected override CausalLanguageModelTransformer CreateTransformer(IHostEnvironment env, ModelParts<CausalLanguageModelOptions, CausalLanguageNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => new(env, parts);

    private protected override string Describe(CausalLanguageModelOptions options, ModelInputs inputs)
    {
        var tokenizer = ((TokenizedTextInput)inputs[0]).Tokenizer;
        var network = options.Architecture == LanguageModelArchitecture.Lstm
            ? $"an LSTM language model ({options.Layers} layers, hidden {options.LstmHiddenSize}"
            : $"a GPT ({options.Layers} layers, {options.Heads} heads, width {options.EmbeddingSize}";
        var prompts = options.PromptColumnName is { } prompt ? $", answers to the prompts of column '{prompt}'" : "";
        return $"{network}, context {options.ContextLength}, {tokenizer.Kind} tokenizer of {tokenizer.VocabularySize} tokens{prompts})";
    }
}
