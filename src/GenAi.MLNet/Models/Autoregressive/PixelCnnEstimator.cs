using System;
using System.Collections.Generic;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Data;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>
/// Trains a PixelCNN, an autoregressive model of images with an exact likelihood, on an image column with values
/// in [0, 1]. Create it with <c>mlContext.Generative().PixelCnn(...)</c>.
/// </summary>
public sealed class PixelCnnEstimator : GenerativeEstimator<PixelCnnOptions, PixelCnnNetwork, PixelCnnTransformer>
{
    private const string UnitRange = "PixelCNN reads values in [0, 1] (rounded to its levels); scale the column first, e.g. NormalizeMinMax(column, fixZero: false) or divide 8-bit pixels by 255.";

    internal PixelCnnEstimator(MLContext mlContext, PixelCnnOptions options)
        : base(mlContext, options, "PixelCNN")
    {
    }

    private protected override void CheckInputSchema(PixelCnnOptions options, SchemaShape inputSchema) => FeatureInput.CheckShape(inputSchema, options.FeatureColumnName);

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(PixelCnnOptions options)
        => [(options.LogLikelihoodColumnName, OutputKind.Float), (options.BitsPerDimensionColumnName, OutputKind.Float)];

    private protected override ModelInputs DescribeInputs(PixelCnnOptions options, IDataView data)
    {
        var shape = FeatureInput.ShapeOf(data.Schema, options.FeatureColumnName);
        _ = Image(options, shape);
        return new([Features(options, shape)]);
    }

    private protected override PixelCnnNetwork CreateNetwork(PixelCnnOptions options, ModelInputs inputs) => Network(options, inputs);

    private protected override ITrainableModel CreateTrainable(PixelCnnNetwork network, PixelCnnOptions options, TrainingSetup setup) => PixelCnnTraining.Create(network, options);

    private protected override PixelCnnTransformer CreateTransformer(IHostEnvironment env, ModelParts<PixelCnnOptions, PixelCnnNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => new(env, parts);

    private protected override string Describe(PixelCnnOptions options, ModelInputs inputs)
    {
        var (c, h, w) = Image(options, inputs.Find<FeatureInput>()!.Shape);
        return $"a PixelCNN ({options.Filters} filters, {options.ResidualBlocks} residual blocks, {options.Levels} levels) on {c}×{h}×{w} images";
    }

    internal static FeatureInput Features(PixelCnnOptions options, VectorShape shape) => new(options.FeatureColumnName, shape, new ValueRange(0, 1, UnitRange));

    internal static PixelCnnNetwork Network(PixelCnnOptions options, ModelInputs inputs)
    {
        var (c, h, w) = Image(options, inputs.Find<FeatureInput>()!.Shape);
        return new PixelCnnNetwork(c, h, w, options.Levels, options.Filters, options.ResidualBlocks);
    }

    private static (int C, int H, int W) Image(PixelCnnOptions options, VectorShape shape)
        => shape.Image ?? throw new ArgumentException(
            $"PixelCNN needs an image shape: column '{options.FeatureColumnName}' has dimensions [{string.Join(", ", shape.Dimensions)}]. " +
            "Declare the shape (e.g. new VectorDataViewType(NumberDataViewType.Single, channels, height, width), or [VectorType(c, h, w)]).", nameof(options));
}
