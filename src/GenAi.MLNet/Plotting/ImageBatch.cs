using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using GenAi.MLNet.Core.Columns;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Plotting;

/// <summary>
/// A batch of images (samples, reconstructions, interpolations) with optional captions. In a notebook
/// it displays as a PNG grid; <see cref="ToPlot"/> renders it explicitly.
/// </summary>
public sealed class ImageBatch
{
    /// <summary>Creates a batch of images of one shape.</summary>
    /// <param name="images">Row-major pixel values, one array per image.</param>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <param name="captions">Optional caption per image.</param>
    /// <param name="title">Optional title.</param>
    /// <param name="columns">Images per row of the grid; default: up to 10.</param>
    public ImageBatch(IReadOnlyList<float[]> images, int height, int width, IReadOnlyList<string>? captions = null, string? title = null, int? columns = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("An image batch needs at least one image.", nameof(images));
        }

        if (images.Any(i => i.Length != height * width))
        {
            throw new ArgumentException($"Every image must have {height}x{width} = {height * width} values.", nameof(images));
        }

        if (captions is not null && captions.Count != images.Count)
        {
            throw new ArgumentException($"{captions.Count} captions for {images.Count} images.", nameof(captions));
        }

        Images = images;
        Height = height;
        Width = width;
        Captions = captions;
        Title = title;
        Columns = columns ?? Math.Min(10, images.Count);
    }

    /// <summary>The images.</summary>
    public IReadOnlyList<float[]> Images { get; }

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Caption per image, or null.</summary>
    public IReadOnlyList<string>? Captions { get; }

    /// <summary>Title, or null.</summary>
    public string? Title { get; }

    /// <summary>Images per grid row.</summary>
    public int Columns { get; }

    /// <summary>
    /// The first <paramref name="count"/> images of a float vector column whose dimensions give the image
    /// shape <c>(C, H, W)</c> (as loaded by GenAi.MLNet's data sets or produced by its models; colour images
    /// show their first channel). Captions come from <paramref name="captionColumnName"/>: a key column shows
    /// its class names, a number is rounded, text and booleans as they are.
    /// </summary>
    public static ImageBatch FromDataView(IDataView data, string columnName = "Features", int count = 40, string? title = null,
        string? captionColumnName = null, int? columns = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var shape = FeatureInput.ShapeOf(data.Schema, columnName);
        var (_, h, w) = shape.Image ?? throw new ArgumentException(
            $"Column '{columnName}' has no image dimensions ({string.Join("x", shape.Dimensions)}); use the constructor with height and width.", nameof(columnName));
        var first = new MLContext().Data.TakeRows(data, count);
        var block = RowBlocks.ReadAll(first, [new FeatureInput(columnName, shape)]);
        var plane = h * w;
        var images = Enumerable.Range(0, block.Rows).Select(i => block.Floats(0).Row(i)[..plane].ToArray()).ToList();
        var captions = captionColumnName is null ? null : ReadCaptions(first, captionColumnName);
        return new ImageBatch(images, h, w, captions, title, columns);
    }

    /// <summary>The values of a column as caption text (key values for keys).</summary>
    private static List<string> ReadCaptions(IDataView data, string columnName)
    {
        var column = InputColumn.Find(data.Schema, columnName, "Caption column");
        using var cursor = data.GetRowCursor([column]);
        var captions = new List<string>();
        Func<string> read;
        switch (column.Type)
        {
            case KeyDataViewType:
                {
                    var names = ClassInput.KeyNames(column);
                    var getter = cursor.GetGetter<uint>(column);
                    uint key = 0;
                    read = () =>
                    {
                        getter(ref key);
                        return key == 0 ? "?" : names is not null && key <= names.Length ? names[key - 1] : key.ToString(CultureInfo.InvariantCulture);
                    };
                    break;
                }

            case TextDataViewType:
                {
                    var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                    var text = default(ReadOnlyMemory<char>);
                    read = () =>
                    {
                        getter(ref text);
                        return text.ToString();
                    };
                    break;
                }

            case BooleanDataViewType:
                {
                    var getter = cursor.GetGetter<bool>(column);
                    var flag = false;
                    read = () =>
                    {
                        getter(ref flag);
                        return flag ? "true" : "false";
                    };
                    break;
                }

            case NumberDataViewType:
                {
                    var getter = RowCursorUtils.GetGetterAs<double>(NumberDataViewType.Double, cursor, column.Index);
                    double value = 0;
                    read = () =>
                    {
                        getter(ref value);
                        return value.ToString("0.##", CultureInfo.InvariantCulture);
                    };
                    break;
                }

            default:
                throw new ArgumentException($"Caption column '{columnName}' must be a key, text, Boolean or number; it is {column.Type}.", nameof(columnName));
        }

        while (cursor.MoveNext())
        {
            captions.Add(read());
        }

        return captions;
    }

    /// <summary>Renders the grid.</summary>
    public PlotImage ToPlot(int pixelsPerImage = 64) => Plots.ImageGrid(this, pixelsPerImage);
}
