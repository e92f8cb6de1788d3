using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Data;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// Trains a BERT-style masked language model on a text column: a tokenizer (WordPiece by default) is fitted to
/// the text, the texts are joined and cut into windows of <c>ContextLength</c> tokens, and an encoder learns to
/// recover the tokens BERT's masking hides. The fitted <see cref="MaskedLanguageModelTransformer"/> fills
/// masks and scores text by pseudo-log-likelihood.
/// </summary>
public sealed class MaskedLanguageModelEstimator : GenerativeEstimator<MaskedLanguageModelOptions, MaskedLanguageNetwork, MaskedLanguageModelTransformer>
{
    internal MaskedLanguageModelEstimator(MLContext mlContext, MaskedLanguageModelOptions options)
        : base(mlContext, options, "masked language model")
    {
    }

    private protected override void CheckInputSchema(MaskedLanguageModelOptions options, SchemaShape inputSchema) => TextInput.CheckShape(inputSchema, options.TextColumnName);

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(MaskedLanguageModelOptions options)
        => [(options.PseudoLogLikelihoodColumnName, OutputKind.Float), (options.FilledColumnName, OutputKind.Text)];

    private protected override ModelInputs DescribeInputs(MaskedLanguageModelOptions options, IDataView data) => LanguageModelFamily.DescribeText(options, data);

    private protected override (IDataView Data, ModelInputs Inputs) TrainingRows(MaskedLanguageModelOptions options, ModelInputs inputs, IDataView data)
        => LanguageModelFamily.WindowRows(options, inputs, data, (tokenizer, texts) => MaskedLanguageModelFamily.Windows(tokenizer, texts, options.ContextLength, options.PackRows));

    private protected override MaskedLanguageNetwork CreateNetwork(MaskedLanguageModelOptions options, ModelInputs inputs)
        => MaskedLanguageModelFamily.CreateNetwork(options, ((TokenizedTextInput)inputs[0]).Tokenizer);

    private protected override ITrainableModel CreateTrainable(MaskedLanguageNetwork network, MaskedLanguageModelOptions options, TrainingSetup setup)
    {
        var tokenizer = ((TokenizedTextInput)setup.Inputs[0]).Tokenizer;
        return new LanguageModelTraining(network, options, (batch, training) =>
        {
            var windows = batch.Tokens(0);
            if (training)
            {
                return MaskedLanguageModelFamily.Loss(network, windows, options, tokenizer, setup.Generator, setup.Device);
            }

            // Validation masks with a generator of its own, seeded by the run, so every epoch scores the same masks.
            using var generator = TorchRandom.Generator(setup.Seed + (windows.Count * 7919L) + windows[0].Sum());
            return MaskedLanguageModelFamily.Loss(network, windows, options, tokenizer, generator, setup.Device);
        });
    }

    private protected override MaskedLanguageModelTransformer CreateTransformer(IHostEnvironment env, ModelParts<MaskedLanguageModelOptions, MaskedLanguageNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => new(env, parts);

    private protected override string Describe(MaskedLanguageModelOptions options, ModelInputs inputs)
    {
        var tokenizer = ((TokenizedTextInput)inputs[0]).Tokenizer;
        return $"a masked language model ({options.Layers} layers, {options.Heads} heads, width {options.EmbeddingSize}, context {options.ContextLength}, {tokenizer.Kind} tokenizer of {tokenizer.VocabularySize} tokens)";
    }
}
