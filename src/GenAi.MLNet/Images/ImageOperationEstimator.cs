using System;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Images;

/// <summary>
/// Resamples images or extracts their edges (nothing is learnt: Fit only checks the column and records its shape).
/// Made by <c>mlContext.Generative().DownscaleImages(...)</c>, <c>UpscaleImages</c>, <c>DetectEdges</c> or <c>TransformImages</c>.
/// </summary>
public sealed class ImageOperationEstimator : IEstimator<ImageOperationTransformer>
{
    private readonly ImageOperationOptions _options;

    internal ImageOperationEstimator(ImageOperationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = ModelEntries.Clone(options);
    }

    /// <summary>Checks the input column (a known-size image vector whose height and width the factor divides, for downscaling) and returns the transformer.</summary>
    /// <exception cref="ArgumentException">The column is missing, not an image vector, or not divisible by the factor (named).</exception>
    public ImageOperationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = FeatureInput.ShapeOf(input.Schema, _options.InputColumnName);
        return new ImageOperationTransformer(ModelEntries.Clone(_options), shape);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        FeatureInput.CheckShape(inputSchema, _options.InputColumnName);
        var columns = inputSchema.ToDictionary(c => c.Name);
        columns[_options.OutputColumnName] = OutputColumn.ShapeOf(_options.OutputColumnName, OutputKind.FloatVector);
        return new SchemaShape(columns.Values);
    }
}
