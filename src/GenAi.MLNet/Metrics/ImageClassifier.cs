// A small convolutional classifier trained on a data set's real training images. Generative-model
// metrics use it twice: its class probabilities judge what a generated image looks like (conditional
// accuracy, class coverage, an Inception-Score analogue) and its 128-D penultimate layer is the feature
// space for Fréchet distance, KID and precision/recall. This plays the role Inception-v3 plays in the
// literature; values are comparable only between runs that use the same classifier, never with
// published FIDs.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Persistence;
using GenAi.MLNet.Data;
using Microsoft.ML;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// A small CNN classifier of images of any size and channel count, used as the feature extractor and the
/// judge of class-aware generative metrics (conditional accuracy, class shares, the Inception-Score analogue).
/// </summary>
public sealed class ImageClassifier : IFeatureExtractor, IDisposable
{
    private const int FeatureSize = 128;
    private const int Version = 2;
    private const int MaxClasses = 10_000;
    private readonly Network _network;
    private readonly object _gate = new();

    private ImageClassifier(Network network, VectorShape shape, IReadOnlyList<string> classNames, string name)
    {
        _network = network;
        Shape = shape;
        ClassNames = classNames;
        Name = name;
        _network.eval();
    }

    /// <summary>The per-user cache folder (<c>$XDG_CACHE_HOME/GenAi.MLNet/classifiers</c>, else <c>~/.cache/...</c>), for <see cref="ImageClassifierOptions.CacheDirectory"/>.</summary>
    public static string DefaultCacheDirectory => CacheDirectory.Sub("classifiers");

    /// <summary>The image shape, <c>(C, H, W)</c>.</summary>
    public VectorShape Shape { get; }

    /// <summary>Class names, by class index.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>What it was trained on.</summary>
    public string Name { get; }

    /// <inheritdoc />
    string IFeatureExtractor.Name => $"{Name} CNN features";

    /// <summary>Length of the feature vectors (the penultimate layer).</summary>
    public static int FeatureDimension => FeatureSize;

    /// <summary>
    /// Trains a classifier on the images and classes of <paramref name="data"/> (or loads the one trained
    /// before on the same data and options, when <see cref="ImageClassifierOptions.CacheDirectory"/> is set).
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing, not an image vector with dimensions, or not a class column.</exception>
    public static ImageClassifier Train(IDataView data, ImageClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new ImageClassifierOptions();
        options.Validate();
        var shape = FeatureInput.ShapeOf(data.Schema, options.FeatureColumnName);
        var (c, h, w) = shape.Image ?? throw new ArgumentException(
            $"Column '{options.FeatureColumnName}' has dimensions [{string.Join(", ", shape.Dimensions)}]; the image classifier needs (C, H, W) or (H, W). " +
            "Declare them with a VectorDataViewType of dimensions (channels, height, width).", nameof(data));
        if (h < 4 || w < 4)
        {
            throw new ArgumentException($"The image classifier needs images of at least 4x4; column '{options.FeatureColumnName}' holds {h}x{w}.", nameof(data));
        }

        var classes = ClassInput.Describe(data, options.LabelColumnName, MaxClasses, "the image classifier's limit");
        var block = RowBlocks.ReadAll(data, [new FeatureInput(options.FeatureColumnName, shape), classes]);
        if (block.Rows == 0)
        {
            throw new InvalidOperationException($"The input data has no rows (column '{options.FeatureColumnName}').");
        }

        return Train(block.Floats(0).Values.AsMemory(0, block.Rows * shape.Size), block.Classes(1).Values.AsMemory(0, block.Rows), shape, classes.ClassNames,
            $"'{options.FeatureColumnName}' ({block.Rows} images {string.Join("x", shape.Dimensions)})", options);
    }

    /// <summary>Trains a classifier on an image data set of the library (see <see cref="Train(IDataView, ImageClassifierOptions?)"/>).</summary>
    public static ImageClassifier Train(ImageDataset train, ImageClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new ImageClassifierOptions();
        options.Validate();
        var pixels = train.Images().SelectMany(i => i).ToArray();
        return Train(pixels, train.Labels.ToArray(), train.Shape, train.ClassNames, train.Name, options);
    }

    private static ImageClassifier Train(ReadOnlyMemory<float> pixels, ReadOnlyMemory<int> labels, VectorShape shape, IReadOnlyList<string> classNames, string name, ImageClassifierOptions options)
    {
        var (c, h, w) = shape.Image!.Value;
        GenerativeRuntime.EnsureLoaded();
        var cachePath = string.IsNullOrEmpty(options.CacheDirectory) ? null : Path.Combine(options.CacheDirectory, CacheKey(pixels.Span, labels.Span, shape, classNames.Count, options) + ".bin");
        var network = TorchRandom.Build(options.Seed, () => new Network(c, h, w, classNames.Count));
        if (cachePath is not null && File.Exists(cachePath))
        {
            try
            {
                ModelEntries.BytesToModule(network, File.ReadAllBytes(cachePath), "classifier");
                return new ImageClassifier(network, shape, classNames, name);
            }
            catch (InvalidDataException)
            {
                // A stale or damaged cache entry: train again and overwrite it.
            }
        }

        Fit(network, pixels.Span, labels.Span, shape, options);
        if (cachePath is not null)
        {
            AtomicFile.WriteAllBytes(cachePath, ModelEntries.ModuleToBytes(network));
        }

        return new ImageClassifier(network, shape, classNames, name);
    }

    /// <summary>Class probabilities of each image, <c>rows x classes</c>.</summary>
    public float[][] Probabilities(IReadOnlyList<float[]> images) => Run(images, x => functional.softmax(_network.call(x).Logits, 1), ClassNames.Count);

    /// <summary>The penultimate-layer features of each image, <c>rows x 128</c> (the feature space of the distribution metrics).</summary>
    public float[][] Features(IReadOnlyList<float[]> rows) => Run(rows, x => _network.call(x).Features, FeatureSize);

    /// <summary>The most probable class of each image.</summary>
    public int[] Predict(IReadOnlyList<float[]> images)
        => Probabilities(images).Select(p => Array.IndexOf(p, p.Max())).ToArray();

    /// <summary>Fraction of <paramref name="data"/> classified correctly.</summary>
    public double Accuracy(ImageDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var predicted = Predict(data.Images());
        return predicted.Where((p, i) => p == data.Labels[i]).Count() / (double)data.Count;
    }

    /// <summary>Fraction of the rows of <paramref name="data"/> classified correctly (classes matched by name for key columns).</summary>
    public double Accuracy(IDataView data, string featureColumnName = "Features", string labelColumnName = "Label")
    {
        ArgumentNullException.ThrowIfNull(data);
        var classes = new ClassInput(labelColumnName, ClassNames, null);
        var block = RowBlocks.ReadAll(data, [new FeatureInput(featureColumnName, Shape), classes]);
        var images = Enumerable.Range(0, block.Rows).Select(i => block.Floats(0).Row(i).ToArray()).ToArray();
        var predicted = Predict(images);
        return block.Rows == 0 ? 0 : predicted.Where((p, i) => p == block.Classes(1).Values[i]).Count() / (double)block.Rows;
    }

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();

    private float[][] Run(IReadOnlyList<float[]> images, Func<Tensor, Tensor> map, int width)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Any(i => i is null || i.Length != Shape.Size))
        {
            throw new ArgumentException($"Every image must have {Shape.Size} values ({string.Join("x", Shape.Dimensions)}).", nameof(images));
        }

        var result = new float[images.Count][];
        lock (_gate)
        {
            using var noGrad = no_grad();
            for (var start = 0; start < images.Count; start += 512)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(512, images.Count - start);
                var x = TensorIO.FromSpan(images.Skip(start).Take(count).SelectMany(i => i).ToArray(), [count, Shape.Size], CPU);
                var rows = TensorIO.ToRows(map(x));
                Array.Copy(rows, 0, result, start, count);
            }
        }

        return result;
    }

    private static void Fit(Network network, ReadOnlySpan<float> pixels, ReadOnlySpan<int> labels, VectorShape shape, ImageClassifierOptions options)
    {
        using var scope = NewDisposeScope();
        var count = labels.Length;
        var x = TensorIO.FromSpan(pixels, [count, shape.Size], CPU);
        var y = TensorIO.FromIndices(labels, CPU);
        using var optimizer = new Training.Optimizers.Adam(network.parameters(), options.LearningRate);
        using var generator = TorchRandom.Generator(options.Seed);
        network.train();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var order = randperm(count, generator: generator);
            for (long start = 0; start < count; start += options.BatchSize)
            {
                using var step = NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(options.BatchSize, count - start));
                optimizer.ZeroGrad();
                var loss = functional.cross_entropy(network.call(x.index_select(0, index)).Logits, y.index_select(0, index));
                loss.backward();
                optimizer.Step();
            }
        }

        network.eval();
    }

    private static string CacheKey(ReadOnlySpan<float> pixels, ReadOnlySpan<int> labels, VectorShape shape, int classes, ImageClassifierOptions options)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels));
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(labels));
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(
            $"{Version}|{string.Join("x", shape.Dimensions)}|{classes}|{options.Epochs}|{options.BatchSize}|{options.LearningRate}|{options.Seed}|{typeof(torch).Assembly.GetName().Version}"));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..24];
    }

    /// <summary>conv(C->32) -> pool -> conv(32->64) -> pool -> fc(128) = features -> fc(classes) = logits.</summary>
    private sealed class Network : Module<Tensor, (Tensor Logits, Tensor Features)>
    {
        private readonly Sequential _body;
        private readonly Linear _head;
        private readonly (int C, int H, int W) _size;

        public Network(int channels, int height, int width, int classes) : base("ImageClassifier")
        {
            _size = (channels, height, width);
            _body = Sequential(
                ("conv1", Conv2d(channels, 32, 3, padding: 1)), ("relu1", ReLU()), ("pool1", MaxPool2d(2)),
                ("conv2", Conv2d(32, 64, 3, padding: 1)), ("relu2", ReLU()), ("pool2", MaxPool2d(2)),
                ("flatten", Flatten()),
                ("fc", Linear(64 * (height / 2 / 2) * (width / 2 / 2), FeatureSize)), ("relu3", ReLU()));
            _head = Linear(FeatureSize, classes);
            RegisterComponents();
        }

        // x: (B, C*H*W) -> (B, C, H, W) -> features (B, 128) -> logits (B, classes)
        public override (Tensor Logits, Tensor Features) forward(Tensor x)
        {
            var features = _body.call(x.view(-1, _size.C, _size.H, _size.W));
            return (_head.call(features), features);
        }
    }
}
