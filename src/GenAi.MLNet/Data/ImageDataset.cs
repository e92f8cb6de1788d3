using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Data;

/// <summary>Train, validation and test parts of a data set.</summary>
/// <param name="Train">Training rows.</param>
/// <param name="Validation">Validation rows (may be empty: zero rows).</param>
/// <param name="Test">Test rows.</param>
public sealed record DataSplits(ImageDataset Train, ImageDataset Validation, ImageDataset Test);

/// <summary>
/// An image data set in memory: pixels scaled to [0, 1] and zero-based class labels. As an
/// <see cref="IDataView"/> it has <c>Features</c> (vector of Single with dimensions (1, H, W)) and
/// <c>Label</c> (a key type whose key values are the class names).
/// </summary>
public sealed class ImageDataset
{
    private readonly float[] _pixels;
    private readonly int[] _labels;
    private IDataView? _view;

    internal ImageDataset(string name, float[] pixels, int[] labels, VectorShape shape, string[] classNames)
    {
        if (pixels.Length != labels.Length * shape.Size)
        {
            throw new ArgumentException($"{name}: {pixels.Length} pixel values do not match {labels.Length} images of {shape.Size}.");
        }

        Name = name;
        _pixels = pixels;
        _labels = labels;
        Shape = shape;
        ClassNames = classNames;
    }

    /// <summary>Name of the feature column.</summary>
    public const string FeatureColumnName = "Features";

    /// <summary>Name of the label column.</summary>
    public const string LabelColumnName = "Label";

    /// <summary>The data set's name (with the part, e.g. "MNIST-10k (train)").</summary>
    public string Name { get; }

    /// <summary>Image shape: (1, H, W).</summary>
    public VectorShape Shape { get; }

    /// <summary>Class names, indexed by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of images.</summary>
    public int Count => _labels.Length;

    /// <summary>Zero-based class label of each image.</summary>
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>The pixels of image <paramref name="index"/>, row-major, in [0, 1].</summary>
    public float[] Image(int index) => _pixels.AsSpan(index * Shape.Size, Shape.Size).ToArray();

    /// <summary>All images as rows.</summary>
    public float[][] Images() => Enumerable.Range(0, Count).Select(Image).ToArray();

    /// <summary>The data as an ML.NET view: <c>Features</c> and <c>Label</c>.</summary>
    public IDataView ToDataView() => _view ??= new InMemoryDataView.Builder()
        .AddVector(FeatureColumnName, _pixels, Shape.Size, Shape.Dimensions)
        .AddKey(LabelColumnName, _labels, ClassNames.ToArray())
        .Build();

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public ImageDataset Select(IReadOnlyList<int> indices, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var size = Shape.Size;
        var pixels = new float[indices.Count * size];
        var labels = new int[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            var index = indices[i];
            if (index < 0 || index >= Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"{Name} has {Count} images.");
            }

            _pixels.AsSpan(index * size, size).CopyTo(pixels.AsSpan(i * size));
            labels[i] = _labels[index];
        }

        return new ImageDataset(name ?? Name, pixels, labels, Shape, ClassNames.ToArray());
    }

    /// <summary>The first <paramref name="count"/> images.</summary>
    public ImageDataset Take(int count) => Select(Enumerable.Range(0, Math.Min(count, Count)).ToArray());

    /// <summary>The images whose label satisfies <paramref name="keep"/>.</summary>
    public ImageDataset Where(Func<int, bool> keep, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(keep);
        return Select(Enumerable.Range(0, Count).Where(i => keep(_labels[i])).ToArray(), name);
    }

    /// <summary>
    /// A seeded random split into exact counts (e.g. 8,000 / 0 / 2,000). The seed comes from
    /// <paramref name="mlContext"/> unless given.
    /// </summary>
    public DataSplits Split(MLContext mlContext, int trainCount, int validationCount, int testCount, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        if (trainCount < 0 || validationCount < 0 || testCount < 0 || trainCount + validationCount + testCount > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(trainCount), $"{trainCount} + {validationCount} + {testCount} rows requested; {Name} has {Count}.");
        }

        var random = new Random(seed ?? ((IHostEnvironment)mlContext).Register("Split").Rand.Next());
        var order = Enumerable.Range(0, Count).ToArray();
        random.Shuffle(order);
        return new DataSplits(
            Select(order[..trainCount], $"{Name} (train)"),
            Select(order[trainCount..(trainCount + validationCount)], $"{Name} (validation)"),
            Select(order[(trainCount + validationCount)..(trainCount + validationCount + testCount)], $"{Name} (test)"));
    }

    /// <summary>A seeded random split by fractions; the rest of the rows are for training.</summary>
    public DataSplits Split(MLContext mlContext, double validationFraction, double testFraction, int? seed = null)
    {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), "validationFraction and testFraction must be non-negative and sum to less than 1.");
        }

        var validation = (int)Math.Round(Count * validationFraction);
        var test = (int)Math.Round(Count * testFraction);
        return Split(mlContext, Count - validation - test, validation, test, seed);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Count} images of {string.Join("x", Shape.Dimensions)}, {ClassNames.Count} classes";
}
