using System;
using System.Collections.Generic;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Data;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.ImageTranslation;

/// <summary>
/// Trains a paired image-to-image translator (super-resolution, pix2pix) on an input and a target image column.
/// Create it with <c>mlContext.Generative().ImageTranslation(...)</c> or <c>.SuperResolution(...)</c>.
/// </summary>
public sealed class ImageTranslationEstimator : GenerativeEstimator<ImageTranslationOptions, ImageTranslationNetwork, ImageTranslationTransformer>
{
    internal ImageTranslationEstimator(MLContext mlContext, ImageTranslationOptions options)
        : base(mlContext, options, "image translator")
    {
    }

    private protected override void CheckInputSchema(ImageTranslationOptions options, SchemaShape inputSchema)
    {
        FeatureInput.CheckShape(inputSchema, options.InputColumnName);
        FeatureInput.CheckShape(inputSchema, options.TargetColumnName);
    }

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(ImageTranslationOptions options) => [(options.OutputColumnName, OutputKind.FloatVector)];

    private protected override ModelInputs DescribeInputs(ImageTranslationOptions options, IDataView data)
    {
        var input = FeatureInput.ShapeOf(data.Schema, options.InputColumnName);
        var target = FeatureInput.ShapeOf(data.Schema, options.TargetColumnName);
        _ = Shapes(options, input, target);
        return new([new FeatureInput(options.InputColumnName, input), new FeatureInput(options.TargetColumnName, target)]);
    }

    private protected override ImageTranslationNetwork CreateNetwork(ImageTranslationOptions options, ModelInputs inputs) => Network(options, inputs);

    private protected override ITrainableModel CreateTrainable(ImageTranslationNetwork network, ImageTranslationOptions options, TrainingSetup setup)
    {
        var (min, max) = setup.Train.MinMax(column: 1);
        if (float.IsFinite(min) && float.IsFinite(max))
        {
            network.SetRange(min, max);
        }

        return new ImageTranslationTraining(network, options);
    }

    private protected override ImageTranslationTransformer CreateTransformer(IHostEnvironment env, ModelParts<ImageTranslationOptions, ImageTranslationNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => new(env, parts);

    private protected override string Describe(ImageTranslationOptions options, ModelInputs inputs)
    {
        var (input, target) = Shapes(options, inputs[0] is FeatureInput i ? i.Shape : throw new InvalidOperationException(), ((FeatureInput)inputs[1]).Shape);
        var gan = options.AdversarialWeight > 0 ? $", PatchGAN weight {options.AdversarialWeight}" : "";
        return $"an image translator (U-Net, {options.Filters} filters, depth {options.Depth}, {options.PixelLoss}{gan}) from {input.C}×{input.H}×{input.W} to {target.C}×{target.H}×{target.W} images";
    }

    internal static ImageTranslationNetwork Network(ImageTranslationOptions options, ModelInputs inputs)
    {
        var (input, target) = Shapes(options, ((FeatureInput)inputs[0]).Shape, ((FeatureInput)inputs[1]).Shape);
        return new ImageTranslationNetwork(input, target, options.Filters, options.Depth, options.PredictResidual, options.AdversarialWeight > 0);
    }

    /// <summary>The input and target image shapes; errors name the column and say what is wrong.</summary>
    internal static ((int C, int H, int W) Input, (int C, int H, int W) Target) Shapes(ImageTranslationOptions options, VectorShape input, VectorShape target)
    {
        var i = input.Image ?? throw NotImage(options.InputColumnName, input, nameof(ImageTranslationOptions.InputColumnName));
        var t = target.Image ?? throw NotImage(options.TargetColumnName, target, nameof(ImageTranslationOptions.TargetColumnName));
        if (t.Height % i.Height != 0 || t.Width % i.Width != 0 || t.Height / i.Height != t.Width / i.Width)
        {
            throw NotMultiple(
                $"Column '{options.TargetColumnName}' is {t.Height}×{t.Width} and column '{options.InputColumnName}' is {i.Height}×{i.Width}: " +
                "the target's height and width must be the input's times the same whole factor (1 for translation, 2 for 2× super-resolution, …). " +
                "Resize one of them first, e.g. mlContext.Generative().DownscaleImages(...).", nameof(ImageTranslationOptions.TargetColumnName));
        }

        return (i, t);
    }

    private static ArgumentException NotMultiple(string message, string option) => new(message, option);

    private static ArgumentException NotImage(string column, VectorShape shape, string option) => new(
        $"Column '{column}' has dimensions [{string.Join(", ", shape.Dimensions)}]; the image translator needs image dimensions (C, H, W) or (H, W). " +
        "Declare them: new VectorDataViewType(NumberDataViewType.Single, channels, height, width), [VectorType(c, h, w)] on a class property, " +
        "or the dimensions argument of InMemoryDataView.Builder.AddVector.", option);
}
