using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Data;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>
/// Trains a WaveNet-style autoregressive audio model on a column of clips (samples in [−1, 1]). Create it with
/// <c>mlContext.Generative().WaveNet(...)</c>.
/// </summary>
public sealed class WaveNetEstimator : GenerativeEstimator<WaveNetOptions, WaveNetNetwork, WaveNetTransformer>
{
    private const string AudioRange = "WaveNet reads audio samples in [−1, 1]; scale the column first (e.g. 16-bit PCM divided by 32,768).";

    internal WaveNetEstimator(MLContext mlContext, WaveNetOptions options)
        : base(mlContext, options, "WaveNet")
    {
    }

    private protected override void CheckInputSchema(WaveNetOptions options, SchemaShape inputSchema) => FeatureInput.CheckShape(inputSchema, options.FeatureColumnName);

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(WaveNetOptions options)
        => [(options.LogLikelihoodColumnName, OutputKind.Float), (options.BitsPerSampleColumnName, OutputKind.Float)];

    private protected override ModelInputs DescribeInputs(WaveNetOptions options, IDataView data)
    {
        var shape = FeatureInput.ShapeOf(data.Schema, options.FeatureColumnName);
        if (shape.Size < 2)
        {
            throw new ArgumentException($"Column '{options.FeatureColumnName}' holds {shape.Size} sample per row; a clip needs at least 2 (the first is context only).", nameof(data));
        }

        return new([Features(options, shape)]);
    }

    private protected override WaveNetNetwork CreateNetwork(WaveNetOptions options, ModelInputs inputs) => Network(options);

    private protected override ITrainableModel CreateTrainable(WaveNetNetwork network, WaveNetOptions options, TrainingSetup setup) => WaveNetTraining.Create(network, options);

    private protected override WaveNetTransformer CreateTransformer(IHostEnvironment env, ModelParts<WaveNetOptions, WaveNetNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => new(env, parts);

    private protected override string Describe(WaveNetOptions options, ModelInputs inputs)
        => $"a WaveNet ({options.Dilations.Length} layers, receptive field {1 + options.Dilations.Sum()} samples, {options.Levels} μ-law classes) on clips of {inputs.Find<FeatureInput>()!.Shape.Size} samples";

    internal static FeatureInput Features(WaveNetOptions options, VectorShape shape) => new(options.FeatureColumnName, shape, new ValueRange(-1, 1, AudioRange));

    internal static WaveNetNetwork Network(WaveNetOptions options) => new(options.Levels, options.ResidualChannels, options.SkipChannels, options.Dilations);
}
