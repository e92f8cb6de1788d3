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

    private protected override void CheckInputSchema(CausalLanguageModelOptions options, SchemaShape inputSchema) => TextInput.CheckShape(inputSchema, options.TextColumnName);

    /// <summary>Every optimizer step's loss goes into the history (loss against tokens seen: scaling curves).</summary>
    private protected override bool RecordSteps => true;

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(CausalLanguageModelOptions options)
        => [(options.LogLikelihoodColumnName, OutputKind.Float), (options.PerplexityColumnName, OutputKind.Float), (options.BitsPerCharacterColumnName, OutputKind.Float)];

    private protected override ModelInputs DescribeInputs(CausalLanguageModelOptions options, IDataView data)
    {
        if (_start is not { } start)
        {
            return LanguageModelFamily.DescribeText(options, data);
        }

        // Continued pre-training (e.g. on a new domain's text): the pre-trained model's tokenizer and size.
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
        => LanguageModelFamily.WindowRows(options, inputs, data, (tokenizer, texts) => LanguageModelFamily.Windows(tokenizer, texts, options.ContextLength));

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
        => new LanguageModelTraining(network, options, (windows, _) => LanguageModelFamily.Loss(network, windows, 0, setup.Device));

    private protected override CausalLanguageModelTransformer CreateTransformer(IHostEnvironment env, ModelParts<CausalLanguageModelOptions, CausalLanguageNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => new(env, parts);

    private protected override string Describe(CausalLanguageModelOptions options, ModelInputs inputs)
    {
        var tokenizer = ((TokenizedTextInput)inputs[0]).Tokenizer;
        var network = options.Architecture == LanguageModelArchitecture.Lstm
            ? $"an LSTM language model ({options.Layers} layers, hidden {options.LstmHiddenSize}"
            : $"a GPT ({options.Layers} layers, {options.Heads} heads, width {options.EmbeddingSize}";
        return $"{network}, context {options.ContextLength}, {tokenizer.Kind} tokenizer of {tokenizer.VocabularySize} tokens)";
    }
}
