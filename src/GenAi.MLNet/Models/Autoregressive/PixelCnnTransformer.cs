using System;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models;
using GenAi.MLNet.Models.Autoregressive;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(PixelCnnTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet PixelCNN", PixelCnnTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>
/// A fitted PixelCNN. <see cref="GenerativeTransformer{TOptions, TNetwork}.Transform"/> appends the exact
/// log-likelihood of each image; <see cref="Sample"/> draws images pixel by pixel.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>FeatureColumnName</c></term><description>vector of Single with the training's image shape, values in [0, 1] (rounded to the levels)</description></item>
/// <item><term><c>LogLikelihoodColumnName</c> ("LogLikelihood")</term><description>Single: log p(x) in nats per image, of the image rounded to the levels</description></item>
/// <item><term><c>BitsPerDimensionColumnName</c> ("BitsPerDimension")</term><description>Single: −log₂ p(x) divided by the number of values</description></item>
/// </list>
/// </remarks>
public sealed class PixelCnnTransformer : GenerativeTransformer<PixelCnnOptions, PixelCnnNetwork>
{
    internal const string LoaderSignature = "GenAiPixelCnn";
    private readonly FeatureInput _features;

    internal PixelCnnTransformer(IHostEnvironment env, ModelParts<PixelCnnOptions, PixelCnnNetwork> parts)
        : base(env, parts)
    {
        _features = parts.Inputs.Find<FeatureInput>()!;
    }

    /// <summary>The shape of the image column the model was trained on.</summary>
    public VectorShape InputShape => _features.Shape;

    /// <summary>The trained network, for inspection and teaching. Do not train it further.</summary>
    public PixelCnnNetwork Network => Module;

    /// <summary>
    /// Draws <paramref name="count"/> images in raster order, one network pass per pixel (slow: H × W passes). A view
    /// with the feature column, shaped like the training images, values level / (Levels − 1).
    /// </summary>
    /// <param name="count">Number of images.</param>
    /// <param name="temperature">Divides the logits: 1 samples the model, below 1 sharper and less varied.</param>
    /// <param name="seed">Seed; default derived from the model's seed, so repeated calls agree.</param>
    public IDataView Sample(int count, double temperature = 1.0, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be positive and finite.");
        }

        var size = InputShape.Size;
        var output = new float[count * size];
        using var generator = TorchRandom.Generator(seed ?? (Seed + 1));
        Run(() =>
        {
            var levels = Module.Sample(count, temperature, generator, Device);                     // (N, C, H, W)
            TensorIO.CopyTo(levels.to(ScalarType.Float32).Over(Module.Levels - 1).view(count, size), output);
            return 0;
        });

        return new InMemoryDataView.Builder().AddVector(TrainedOptions.FeatureColumnName, output, size, InputShape.Dimensions).Build();
    }

    private protected override IBatchMapper CreateMapper()
        => new LikelihoodMapper(_features, TrainedOptions.LogLikelihoodColumnName, TrainedOptions.BitsPerDimensionColumnName, x => Module.NegativeLogLikelihood(PixelCnnTraining.Levels(Module, x)), InputShape.Size, Device);

    private protected override VersionInfo GetVersionInfo() => VersionInfo();

    internal static VersionInfo VersionInfo() => VersionInfoFor("GENAIPCN", LoaderSignature, typeof(PixelCnnTransformer));

    // Called by ML.NET's loader through [LoadableClass].
#pragma warning disable IDE0051 // Used by reflection.
    private static PixelCnnTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
        => new(env, LoadParts<NoState>(ctx, VersionInfo(), "PixelCNN", (o, i, _) => PixelCnnEstimator.Network(o, i), out _));
}
