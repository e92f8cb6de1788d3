using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Persistence;
using GenAi.MLNet.Text;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// Fine-tunes a pre-trained language model (a GPT, an LSTM or a masked language model fitted by this library) as a
/// text classifier: its body reads each text after the boundary token, the token vectors are pooled, and a new
/// linear head gives the classes. A Boolean label makes a binary classifier (Score, Probability, PredictedLabel as
/// ML.NET's binary trainers), a key label a multiclass one (a Score vector and a key PredictedLabel as
/// ML.NET's <c>TextClassification</c>), so <c>mlContext.BinaryClassification.Evaluate</c> and
/// <c>MulticlassClassification.Evaluate</c> read the output.
/// </summary>
/// <remarks>
/// The pre-trained weights are copied when the estimator is created: later changes to that model do not reach it.
/// The fitted model's .zip holds the whole network and the tokenizer; the pre-trained model is not needed to load it.
/// </remarks>
public sealed class TextClassifierEstimator : GenerativeEstimator<TextClassifierOptions, TextClassifierNetwork, TextClassifierTransformer>
{
    private readonly PretrainedBody _body;
    private readonly TextTokenizer _tokenizer;
    private readonly byte[] _weights;

    internal TextClassifierEstimator(MLContext mlContext, TextClassifierOptions options, ITransformer pretrained)
        : base(mlContext, options, "text classifier")
    {
        nn.Module network;
        (_body, network, _tokenizer) = PretrainedBody.Of(pretrained, nameof(pretrained));
        TextClassifierFamily.Check(options, _body);
        _weights = ModelEntries.ModuleToBytes(network);
    }

    private protected override void CheckInputSchema(TextClassifierOptions options, SchemaShape inputSchema)
    {
        TextInput.CheckShape(inputSchema, options.Sentence1ColumnName);
        if (options.Sentence2ColumnName is { } second)
        {
            TextInput.CheckShape(inputSchema, second);
        }

        ClassInput.CheckShape(inputSchema, options.LabelColumnName);
    }

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(TextClassifierOptions options) => OutputColumns(options, isBinary: false);

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(TextClassifierOptions options, SchemaShape inputSchema)
        => OutputColumns(options, inputSchema.TryFindColumn(options.LabelColumnName, out var label) && label.ItemType is BooleanDataViewType);

    private static IEnumerable<(string Name, OutputKind Kind)> OutputColumns(TextClassifierOptions options, bool isBinary) => isBinary
        ? [(options.ScoreColumnName, OutputKind.Float), (options.ProbabilityColumnName, OutputKind.Float), (options.PredictedLabelColumnName, OutputKind.Boolean)]
        : [(options.ScoreColumnName, OutputKind.FloatVector), (options.PredictedLabelColumnName, OutputKind.Key)];

    private protected override ModelInputs DescribeInputs(TextClassifierOptions options, IDataView data)
    {
        TextClassifierFamily.Check(options, _body);
        new TextInput(options.Sentence1ColumnName).Check(data.Schema);
        var classes = ClassInput.Describe(data, options.LabelColumnName, options.MaxClasses, nameof(TextClassifierOptions) + "." + nameof(TextClassifierOptions.MaxClasses));
        if (classes.ClassNames.Count < 2)
        {
            throw new InvalidOperationException($"Label column '{options.LabelColumnName}' has a single class ('{classes.ClassNames[0]}'): a classifier needs at least two.");
        }

        options.MaxTokens ??= _body.ContextLength - 1;
        if (options.WarmupSteps == 0 && options.WarmupFraction > 0)
        {
            // BERT's warm-up: a fraction of the planned optimizer steps (counted on the rows before any validation split).
            var rows = data.GetRowCount() ?? CountRows(data);
            var batches = (long)Math.Ceiling(rows * (1 - options.ValidationFraction) / options.BatchSize);
            options.WarmupSteps = (int)Math.Round(options.WarmupFraction * batches * options.Epochs / options.GradientAccumulationSteps);
        }

        List<InputColumn> inputs = [new TokenizedTextInput(options.Sentence1ColumnName, _tokenizer), classes];
        if (options.Sentence2ColumnName is { } second)
        {
            new TextInput(second).Check(data.Schema);
            inputs.Add(new TokenizedTextInput(second, _tokenizer));
        }

        return new ModelInputs(inputs);
    }

    private protected override TextClassifierNetwork CreateNetwork(TextClassifierOptions options, ModelInputs inputs)
    {
        var network = TextClassifierFamily.CreateNetwork(options, inputs, _body);
        try
        {
            ModelEntries.BytesToModule(network.Body, _weights, "pre-trained language model");
            TextClassifierFamily.Freeze(network, options);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private protected override ITrainableModel CreateTrainable(TextClassifierNetwork network, TextClassifierOptions options, TrainingSetup setup)
        => new TextClassifierTraining(network, options, setup.Inputs.Find<ClassInput>()!.IsBoolean, _tokenizer.BoundaryId, setup.Device);

    private protected override TextClassifierTransformer CreateTransformer(IHostEnvironment env, ModelParts<TextClassifierOptions, TextClassifierNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => new(env, parts, _body);

    private protected override string Describe(TextClassifierOptions options, ModelInputs inputs)
    {
        var classes = inputs.Find<ClassInput>()!;
        var mode = options.Mode == FineTuningMode.LastLayers ? $"last {options.TrainableLayers} of {_body.Layers} layers" : options.Mode.ToString();
        return $"a text classifier ({classes.ClassNames.Count} classes) fine-tuning a pre-trained {_body.Kind} ({mode}, {options.Pooling} pooling, {options.MaxTokens} tokens)";
    }

    private static long CountRows(IDataView data)
    {
        using var cursor = data.GetRowCursor([]);
        long rows = 0;
        while (cursor.MoveNext())
        {
            rows++;
        }

        return rows;
    }
}
