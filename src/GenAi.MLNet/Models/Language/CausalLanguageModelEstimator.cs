using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Data;
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
    internal CausalLanguageModelEstimator(MLContext mlContext, CausalLanguageModelOptions options)
        : base(mlContext, options, "causal language model")
    {
    }

    private protected override void CheckInputSchema(CausalLanguageModelOptions options, SchemaShape inputSchema) => TextInput.CheckShape(inputSchema, options.TextColumnName);

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(CausalLanguageModelOptions options)
        => [(options.LogLikelihoodColumnName, OutputKind.Float), (options.PerplexityColumnName, OutputKind.Float), (options.BitsPerCharacterColumnName, OutputKind.Float)];

    private protected override ModelInputs DescribeInputs(CausalLanguageModelOptions options, IDataView data) => LanguageModelFamily.DescribeText(options, data);

    private protected override (IDataView Data, ModelInputs Inputs) TrainingRows(CausalLanguageModelOptions options, ModelInputs inputs, IDataView data)
        => LanguageModelFamily.WindowRows(options, inputs, data, (tokenizer, texts) => LanguageModelFamily.Windows(tokenizer, texts, options.ContextLength));

    private protected override CausalLanguageNetwork CreateNetwork(CausalLanguageModelOptions options, ModelInputs inputs)
        => LanguageModelFamily.CreateNetwork(options, ((TokenizedTextInput)inputs[0]).Tokenizer.VocabularySize);

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
