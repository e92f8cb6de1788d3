using System;
using System.Collections.Generic;
using System.IO;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Core.Persistence;
using GenAi.MLNet.Data;
using GenAi.MLNet.Images;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(ImageOperationTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet image operation", ImageOperationTransformer.LoaderSignature)]

namespace GenAi.MLNet.Images;

/// <summary>
/// Appends a resampled image or an edge map of an image column (see <see cref="ImageOperation"/>); saves and loads
/// with the pipeline.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>InputColumnName</c></term><description>known-size vector of Single with image dimensions, the shape seen at Fit</description></item>
/// <item><term><c>OutputColumnName</c></term><description>vector of Single (C, H/f, W/f) for Downscale, (C, H·f, W·f) for Upscale, (1, H, W) of 0/1 for Edges</description></item>
/// </list>
/// </remarks>
public sealed class ImageOperationTransformer : ITransformer
{
    internal const string LoaderSignature = "GenAiImageOperation";
    private const string ModelSignature = "GENAIIMO";
    private const string ModelName = "image operation";
    private const uint FormatVersion = 0x00010001;
    private readonly ImageOperationOptions _options;
    private readonly FeatureInput _input;
    private readonly (int C, int H, int W) _image;
    private readonly IBatchMapper _mapper;

    internal ImageOperationTransformer(ImageOperationOptions options, VectorShape inputShape)
    {
        _options = options;
        _input = new FeatureInput(options.InputColumnName, inputShape);
        _image = inputShape.Image ?? throw OptionError(
            $"Column '{options.InputColumnName}' has dimensions [{string.Join(", ", inputShape.Dimensions)}]; an image operation needs image dimensions (C, H, W) or (H, W). " +
            "Declare them: new VectorDataViewType(NumberDataViewType.Single, channels, height, width), [VectorType(c, h, w)] on a class property, " +
            "or the dimensions argument of InMemoryDataView.Builder.AddVector.", nameof(ImageOperationOptions.InputColumnName));
        var (c, h, w) = _image;
        var f = options.Factor;
        if (options.Operation == ImageOperation.Downscale && (h % f != 0 || w % f != 0))
        {
            throw OptionError($"Column '{options.InputColumnName}' is {h}×{w}; Factor {f} must divide both the height and the width to downscale (crop or pad the images first, or pick another factor).", nameof(ImageOperationOptions.Factor));
        }

        OutputShape = options.Operation switch
        {
            ImageOperation.Downscale => VectorShape.ForImage(c, h / f, w / f),
            ImageOperation.Upscale => VectorShape.ForImage(c, h * f, w * f),
            _ => VectorShape.ForImage(1, h, w),
        };
        _mapper = new Mapper(this);
    }

    /// <summary>An error about the data that names the option to change (the exception's ParamName).</summary>
    private static ArgumentException OptionError(string message, string option) => new(message, option);

    /// <summary>The input image shape.</summary>
    public VectorShape InputShape => _input.Shape;

    /// <summary>The output image shape.</summary>
    public VectorShape OutputShape { get; }

    /// <summary>A copy of the options.</summary>
    public ImageOperationOptions Options => ModelEntries.Clone(_options);

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => BatchMapping.OutputSchema(inputSchema, _mapper);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => BatchMapping.Transform(input, _mapper);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => BatchMapping.RowToRowMapper(inputSchema, _mapper);

    /// <summary>The operation on flat images (B, C·H·W) → (B, output size).</summary>
    internal Tensor Apply(Tensor x)
    {
        var (c, h, w) = _image;
        var f = _options.Factor;
        var images = x.reshape(x.shape[0], c, h, w);                                            // (B, C, H, W)
        Tensor output;
        switch (_options.Operation)
        {
            case ImageOperation.Downscale:
                output = f == 1 ? images : nn.functional.avg_pool2d(images, f, f);              // (B, C, H/f, W/f)
                break;
            case ImageOperation.Upscale:
                var up = f == 1 ? images : nn.functional.interpolate(images, size: [h * f, w * f], mode: InterpolationMode.Bicubic, align_corners: false);
                var low = images.amin([1, 2, 3], keepdim: true);                                 // (B, 1, 1, 1)
                var high = images.amax([1, 2, 3], keepdim: true);
                output = up.clamp(low, high);                                                    // (B, C, H·f, W·f)
                break;
            default:
                var gray = images.mean([1], keepdim: true);                                      // (B, 1, H, W)
                var padded = nn.functional.pad(gray, [1, 1, 1, 1], TorchSharp.PaddingModes.Replicate);   // (B, 1, H + 2, W + 2)
                using (var sobel = tensor(new float[] { -1, 0, 1, -2, 0, 2, -1, 0, 1 }, [1, 1, 3, 3], device: x.device))
                {
                    var gx = nn.functional.conv2d(padded, sobel);                                // (B, 1, H, W)
                    var gy = nn.functional.conv2d(padded, sobel.transpose(2, 3));
                    var magnitude = gx.Squared().Plus(gy.Squared()).sqrt();                          // (B, 1, H, W)
                    var peak = magnitude.amax([1, 2, 3], keepdim: true);                         // (B, 1, 1, 1)
                    using var zero = 0.ToScalar();
                    output = magnitude.gt(peak.Times(_options.EdgeThreshold)).logical_and(peak.gt(zero)).to(ScalarType.Float32);
                }

                break;
        }

        return output.reshape(x.shape[0], -1);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        var manifest = ModelManifest.BeginStandalone(ctx, GetVersionInfo(), FormatVersion);
        manifest.Entries["Options.json"] = ModelEntries.SaveJson(ctx, "Options.json", _options, typeof(ImageOperationOptions));
        manifest.Entries["Inputs.json"] = ModelEntries.SaveJson(ctx, "Inputs.json", new ModelInputs([_input]).ToSaved(), typeof(SavedInput[]));
        manifest.Save(ctx);
    }

    private static VersionInfo GetVersionInfo() => ModelManifest.StandaloneVersion(ModelSignature, LoaderSignature, FormatVersion, typeof(ImageOperationTransformer));

#pragma warning disable IDE0051 // Used by ML.NET's loader through [LoadableClass].
    private static ImageOperationTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var entry = ModelManifest.OpenStandalone(ctx, GetVersionInfo(), FormatVersion, ModelName);
        var options = ModelEntries.FromJson<ImageOperationOptions>(entry("Options.json"), "Options.json", ModelName);
        var inputs = ModelInputs.FromSaved(ModelEntries.FromJson<SavedInput[]>(entry("Inputs.json"), "Inputs.json", ModelName));
        try
        {
            options.Validate();
            return new ImageOperationTransformer(options, inputs.Find<FeatureInput>()?.Shape ?? throw new ArgumentException("no input column"));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The saved {ModelName} is invalid: {e.Message}", e);
        }
    }

    private sealed class Mapper(ImageOperationTransformer owner) : IBatchMapper
    {
        public IReadOnlyList<InputColumn> Inputs { get; } = [owner._input];

        public IReadOnlyList<OutputColumn> Outputs { get; } = [OutputColumn.Vector(owner._options.OutputColumnName, owner.OutputShape)];

        public void Map(RowBatch input, OutputBatch output)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var rows = input.Rows;
            var x = TensorIO.FromSpan(input.Floats(0).Rows(rows), [rows, owner._input.Shape.Size], CPU);   // (B, C·H·W)
            TensorIO.CopyTo(owner.Apply(x), output.Floats(0));
        }
    }
}
