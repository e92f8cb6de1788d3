using System;
using System.Collections.Generic;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models;
using GenAi.MLNet.Models.ImageTranslation;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(ImageTranslationTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet image translation", ImageTranslationTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.ImageTranslation;

/// <summary>
/// A fitted image-to-image translator. <see cref="GenerativeTransformer{TOptions, TNetwork}.Transform"/> reads the
/// input image column alone (the target column is needed only for training) and appends the translated image.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>InputColumnName</c></term><description>known-size vector of Single, the input image shape seen in training</description></item>
/// <item><term><c>OutputColumnName</c> ("Translated")</term><description>vector of Single with the target's dimensions (C, H, W): the translated image, clamped to the training targets' range unless <see cref="ImageTranslationOptions.ClampToTargetRange"/> is false</description></item>
/// </list>
/// </remarks>
public sealed class ImageTranslationTransformer : GenerativeTransformer<ImageTranslationOptions, ImageTranslationNetwork>
{
    internal const string LoaderSignature = "GenAiImageTranslation";
    private readonly FeatureInput _input;
    private readonly FeatureInput _target;

    internal ImageTranslationTransformer(IHostEnvironment env, ModelParts<ImageTranslationOptions, ImageTranslationNetwork> parts)
        : base(env, parts)
    {
        _input = (FeatureInput)parts.Inputs[0];
        _target = (FeatureInput)parts.Inputs[1];
    }

    /// <summary>The shape of the input image column.</summary>
    public VectorShape InputShape => _input.Shape;

    /// <summary>The shape of the translated image (the target column's shape).</summary>
    public VectorShape OutputShape => _target.Shape;

    /// <summary>The upscaling factor from input to output (1 for same-size translation).</summary>
    public int Scale => Module.Target.H / Module.Input.H;

    /// <summary>The trained network, for inspection and teaching. Use it under <c>torch.no_grad()</c> and do not train it further.</summary>
    public ImageTranslationNetwork Network => Module;

    /// <summary>Translates images given as flat arrays in (C, H, W) order, each of <see cref="InputShape"/>'s size.</summary>
    /// <exception cref="ArgumentException">An image has the wrong length or a non-finite value.</exception>
    public float[][] Translate(IReadOnlyList<float[]> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var size = InputShape.Size;
        var flat = new float[images.Count * size];
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i] ?? throw new ArgumentException($"Image {i} is null.", nameof(images));
            if (image.Length != size)
            {
                throw new ArgumentException($"Image {i} has {image.Length} values; the translator reads {size} ({string.Join("×", InputShape.Dimensions)}, column '{_input.Name}').", nameof(images));
            }

            _input.Validate(image, i);
            image.CopyTo(flat, i * size);
        }

        var outSize = OutputShape.Size;
        var output = new float[images.Count * outSize];
        for (var start = 0; start < images.Count; start += BatchMapping.DefaultBatchSize)
        {
            var rows = Math.Min(BatchMapping.DefaultBatchSize, images.Count - start);
            Run(() =>
            {
                var x = TensorIO.FromSpan(flat.AsSpan(start * size, rows * size), [rows, size], Device);
                TensorIO.CopyTo(Module.Translate(x, TrainedOptions.ClampToTargetRange), output.AsSpan(start * outSize, rows * outSize));
                return 0;
            });
        }

        var result = new float[images.Count][];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = output.AsSpan(i * outSize, outSize).ToArray();
        }

        return result;
    }

    private protected override IBatchMapper CreateMapper() => new Mapper(this);

    private protected override VersionInfo GetVersionInfo() => VersionInfo();

    internal static VersionInfo VersionInfo() => VersionInfoFor("GENAII2I", LoaderSignature, typeof(ImageTranslationTransformer));

    // Called by ML.NET's loader through [LoadableClass].
#pragma warning disable IDE0051 // Used by reflection.
    private static ImageTranslationTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
        => new(env, LoadParts<NoState>(ctx, VersionInfo(), "image translator", (o, i, _) => ImageTranslationEstimator.Network(o, i), out _));

    private sealed class Mapper(ImageTranslationTransformer owner) : IBatchMapper
    {
        public IReadOnlyList<InputColumn> Inputs { get; } = [owner._input];

        public IReadOnlyList<OutputColumn> Outputs { get; } = [OutputColumn.Vector(owner.TrainedOptions.OutputColumnName, owner._target.Shape)];

        public void Map(RowBatch input, OutputBatch output)
        {
            var rows = input.Rows;
            var x = TensorIO.FromSpan(input.Floats(0).Rows(rows), [rows, owner._input.Shape.Size], owner.Device);   // (B, Ci·h·w)
            TensorIO.CopyTo(owner.Module.Translate(x, owner.TrainedOptions.ClampToTargetRange), output.Floats(0));   // (B, Co·H·W)
        }
    }
}
