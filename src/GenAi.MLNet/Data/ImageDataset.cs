using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Data;

/// <summary>
/// An image data set in memory: pixel values and zero-based class labels. As an <see cref="IDataView"/>
/// it has <c>Features</c> (vector of Single with dimensions (C, H, W)) and <c>Label</c> (a key type whose
/// key values are the class names). Build one from arrays, from any view with an image and a class column
/// (<see cref="FromDataView"/>), or load the repository's data sets with <see cref="ImageDatasets"/>.
/// </summary>
public sealed class ImageDataset
{
    private readonly float[] _pixels;
    private readonly int[] _labels;
    private IDataView? _view;

    /// <summary>Creates a data set from row-major pixels (<c>images x C x H x W</c>) and zero-based labels.</summary>
    /// <param name="name">A name for reports.</param>
    /// <param name="pixels">Pixel values, image after image, each in (C, H, W) order.</param>
    /// <param name="labels">Zero-based class index of each image.</param>
    /// <param name="shape">The image shape, e.g. <c>VectorShape.ForImage(3, 32, 32)</c>.</param>
    /// <param name="classNames">Class names, by index.</param>
    public ImageDataset(string name, float[] pixels, int[] labels, VectorShape shape, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(classNames);
        if (shape.Image is null)
        {
            throw new ArgumentException($"{name}: the shape [{string.Join(", ", shape.Dimensions)}] is not an image shape (C, H, W).", nameof(shape));
        }

        if (pixels.Length != (long)labels.Length * shape.Size)
        {
            throw new ArgumentException($"{name}: {pixels.Length} pixel values do not match {labels.Length} images of {shape.Size}.", nameof(pixels));
        }

        if (labels.Any(l => l < 0 || l >= classNames.Count))
        {
            throw new ArgumentException($"{name}: every label must be a class index in [0, {classNames.Count}).", nameof(labels));
        }

        Name = name;
        _pixels = pixels;
        _labels = labels;
        Shape = shape;
        ClassNames = classNames.ToArray();
    }

    /// <summary>
    /// The images and classes of any view: <paramref name="featureColumnName"/> a known-size Single vector
    /// with image dimensions, <paramref name="labelColumnName"/> a key (class names from its key values) or
    /// numeric column (its distinct values are the classes).
    /// </summary>
    public static ImageDataset FromDataView(IDataView data, string name, string featureColumnName = FeatureColumnName, string labelColumnName = LabelColumnName)
    {
        ArgumentNullException.ThrowIfNull(data);
        var shape = Core.Columns.FeatureInput.ShapeOf(data.Schema, featureColumnName);
        var classes = Core.Columns.ClassInput.Describe(data, labelColumnName, 100_000, "ImageDataset");
        var block = Core.Columns.RowBlocks.ReadAll(data, [new Core.Columns.FeatureInput(featureColumnName, shape), classes]);
        return new ImageDataset(name, block.Floats(0).Values[..(block.Rows * shape.Size)], block.Classes(1).Values[..block.Rows], shape, classes.ClassNames);
    }

    /// <summary>Name of the feature column.</summary>
    public const string FeatureColumnName = "Features";

    /// <summary>Name of the label column.</summary>
    public const string LabelColumnName = "Label";

    /// <summary>The data set's name (with the part, e.g. "MNIST-10k (train)").</summary>
    public string Name { get; }

    /// <summary>Image shape: (C, H, W).</summary>
    public VectorShape Shape { get; }

    /// <summary>Class names, indexed by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of images.</summary>
    public int Count => _labels.Length;

    /// <summary>Zero-based class label of each image.</summary>
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>The pixels of image <paramref name="index"/>, row-major.</summary>
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
    /// The images with every value set to 1 where it is at least <paramref name="threshold"/>, else 0 (binarised
    /// MNIST by thresholding, the data of PixelCNN and VAE likelihood comparisons when fixed rather than resampled).
    /// </summary>
    public ImageDataset Binarized(float threshold = 0.5f)
    {
        if (!float.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be finite.");
        }

        var pixels = _pixels.Select(v => v >= threshold ? 1f : 0f).ToArray();
        return new ImageDataset(Name + " (binarised)", pixels, [.. _labels], Shape, ClassNames);
    }

    /// <summary>
    /// The images and four copies moved by one pixel (up, down, left, right; the uncovered edge is 0), five
    /// times the rows: the augmentation of scikit-learn's "RBM features for digit classification" example,
    /// which makes a classifier on raw pixels brittle and rewards features that tolerate small shifts. Copies
    /// follow the originals in that order.
    /// </summary>
    public ImageDataset Nudged()
    {
        var (channels, height, width) = Shape.Dimensions switch
        {
            [var c, var h, var w] => (c, h, w),
            [var h, var w] => (1, h, w),
            _ => throw new InvalidOperationException($"{Name} is not a set of images (dimensions {string.Join("x", Shape.Dimensions)}); Nudged needs (C, H, W) or (H, W)."),
        };
        var size = Shape.Size;
        (int Dy, int Dx)[] moves = [(0, 0), (-1, 0), (1, 0), (0, -1), (0, 1)];
        var pixels = new float[moves.Length * Count * size];
        var labels = new int[moves.Length * Count];
        for (var m = 0; m < moves.Length; m++)
        {
            var (dy, dx) = moves[m];
            for (var i = 0; i < Count; i++)
            {
                var source = _pixels.AsSpan(i * size, size);
                var target = pixels.AsSpan(((m * Count) + i) * size, size);
                labels[(m * Count) + i] = _labels[i];
                for (var c = 0; c < channels; c++)
                {
                    for (var y = 0; y < height; y++)
                    {
                        var sy = y - dy;
                        for (var x = 0; x < width; x++)
                        {
                            var sx = x - dx;
                            if (sy >= 0 && sy < height && sx >= 0 && sx < width)
                            {
                                target[(((c * height) + y) * width) + x] = source[(((c * height) + sy) * width) + sx];
                            }
                        }
                    }
                }
            }
        }

        return new ImageDataset($"{Name} (nudged)", pixels, labels, Shape, ClassNames.ToArray());
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
