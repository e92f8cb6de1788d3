using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
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
    /// shape (as loaded by GenAi.MLNet's data sets or produced by its models).
    /// </summary>
    public static ImageBatch FromDataView(IDataView data, string columnName = "Features", int count = 40, string? title = null,
        string? captionColumnName = null, int? columns = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var shape = ColumnReader.CheckVectorColumn(data.Schema, columnName);
        var (_, h, w) = shape.Image ?? throw new ArgumentException(
            $"Column '{columnName}' has no image dimensions ({string.Join("x", shape.Dimensions)}); use the constructor with height and width.", nameof(columnName));
        var rows = ColumnReader.ReadVectors(data.Take(count), columnName, shape.Size, out var n);
        var images = Enumerable.Range(0, n).Select(i => rows.AsSpan(i * shape.Size, shape.Size).ToArray()).ToList();
        IReadOnlyList<string>? captions = null;
        if (captionColumnName is not null)
        {
            captions = data.Take(count).GetColumn<float>(captionColumnName).Select(v => v.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }

        return new ImageBatch(images, h, w, captions, title, columns);
    }

    /// <summary>Renders the grid.</summary>
    public PlotImage ToPlot(int pixelsPerImage = 64) => Plots.ImageGrid(this, pixelsPerImage);
}

internal static class DataViewTakeExtensions
{
    public static IDataView Take(this IDataView data, int count) => new MLContext().Data.TakeRows(data, count);
}
