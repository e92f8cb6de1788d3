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
using GenAi.MLNet.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Metrics;

/// <summary>Options of <see cref="ImageClassifier"/>.</summary>
public sealed class ImageClassifierOptions
{
    /// <summary>Passes over the training images. Default 4.</summary>
    public int Epochs { get; set; } = 4;

    /// <summary>Images per Adam step. Default 128.</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Adam learning rate. Default 1e-3.</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Seed of the weights and of the shuffling. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// Folder where trained classifiers are kept, keyed by data, options and architecture, so each data
    /// set's classifier is trained once per machine. Default: <c>$XDG_CACHE_HOME/GenAi.MLNet/classifiers</c>
    /// (or <c>~/.cache/...</c>); null or empty disables the cache.
    /// </summary>
    public string? CacheDirectory { get; set; } = DefaultCacheDirectory();

    internal static string DefaultCacheDirectory()
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(root))
        {
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(root, "GenAi.MLNet", "classifiers");
    }
}

/// <summary>A small CNN classifier of grayscale images, used as the feature extractor of generative metrics.</summary>
public sealed class ImageClassifier : IFeatureExtractor, IDisposable
{
    private const int FeatureSize = 128;
    private const int Version = 1;
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

    /// <summary>The image shape, (1, H, W).</summary>
    public VectorShape Shape { get; }

    /// <summary>Class names.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The data set it was trained on.</summary>
    public string Name { get; }

    /// <inheritdoc />
    string IFeatureExtractor.Name => $"{Name} CNN features";

    /// <summary>Length of the feature vectors (the penultimate layer).</summary>
    public static int FeatureDimension => FeatureSize;

    /// <summary>
    /// Trains a classifier on <paramref name="train"/>, or loads the one trained before with the same data
    /// and options from the cache folder.
    /// </summary>
    public static ImageClassifier Train(ImageDataset train, ImageClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new ImageClassifierOptions();
        if (options.Epochs <= 0 || options.BatchSize <= 0 || !(options.LearningRate > 0))
        {
            throw new ArgumentException("ImageClassifierOptions: Epochs, BatchSize and LearningRate must be positive.", nameof(options));
        }

        var (_, h, w) = train.Shape.Image ?? throw new ArgumentException($"{train.Name} has no image shape.", nameof(train));
        if (h % 4 != 0 || w % 4 != 0)
        {
            throw new ArgumentException($"ImageClassifier needs height and width divisible by 4; {train.Name} is {h}x{w}.", nameof(train));
        }

        TorchNative.EnsureLoaded();
        var key = CacheKey(train, options);
        var cachePath = string.IsNullOrEmpty(options.CacheDirectory) ? null : Path.Combine(options.CacheDirectory, key + ".bin");
        var network = TorchRandom.Build(options.Seed, () => new Network(h, w, train.ClassNames.Count));
        if (cachePath is not null && File.Exists(cachePath))
        {
            try
            {
                ModelStreams.BytesToModule(network, File.ReadAllBytes(cachePath), "classifier");
                return new ImageClassifier(network, train.Shape, train.ClassNames, train.Name);
            }
            catch (InvalidDataException)
            {
                // A stale or damaged cache entry: train again and overwrite it.
            }
        }

        Fit(network, train, options);
        if (cachePath is not null)
        {
            AtomicFile.WriteAllBytes(cachePath, ModelStreams.ModuleToBytes(network));
        }

        return new ImageClassifier(network, train.Shape, train.ClassNames, train.Name);
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

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();

    private float[][] Run(IReadOnlyList<float[]> images, Func<Tensor, Tensor> map, int width)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Any(i => i.Length != Shape.Size))
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

    private static void Fit(Network network, ImageDataset train, ImageClassifierOptions options)
    {
        using var scope = NewDisposeScope();
        var x = TensorIO.FromSpan(train.Images().SelectMany(i => i).ToArray(), [train.Count, train.Shape.Size], CPU);
        var y = tensor(train.Labels.Select(l => (long)l).ToArray());
        using var optimizer = optim.Adam(network.parameters(), options.LearningRate);
        using var generator = TorchRandom.Generator(options.Seed);
        network.train();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var order = randperm(train.Count, generator: generator);
            for (long start = 0; start < train.Count; start += options.BatchSize)
            {
                using var step = NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(options.BatchSize, train.Count - start));
                optimizer.zero_grad();
                var loss = functional.cross_entropy(network.call(x.index_select(0, index)).Logits, y.index_select(0, index));
                loss.backward();
                optimizer.step();
            }
        }

        network.eval();
    }

    private static string CacheKey(ImageDataset train, ImageClassifierOptions options)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var image in train.Images())
        {
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(image.AsSpan()));
        }

        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(train.Labels.ToArray().AsSpan()));
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{Version}|{options.Epochs}|{options.BatchSize}|{options.LearningRate}|{options.Seed}|{TorchSharpVersion()}"));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..24];
    }

    private static string TorchSharpVersion() => typeof(torch).Assembly.GetName().Version?.ToString() ?? "";

    /// <summary>conv(1->32) -> pool -> conv(32->64) -> pool -> fc(128) = features -> fc(classes) = logits.</summary>
    private sealed class Network : Module<Tensor, (Tensor Logits, Tensor Features)>
    {
        private readonly Sequential _body;
        private readonly Linear _head;
        private readonly (int H, int W) _size;

        public Network(int height, int width, int classes) : base("ImageClassifier")
        {
            _size = (height, width);
            _body = Sequential(
                ("conv1", Conv2d(1, 32, 3, padding: 1)), ("relu1", ReLU()), ("pool1", MaxPool2d(2)),
                ("conv2", Conv2d(32, 64, 3, padding: 1)), ("relu2", ReLU()), ("pool2", MaxPool2d(2)),
                ("flatten", Flatten()),
                ("fc", Linear(64 * (height / 4) * (width / 4), FeatureSize)), ("relu3", ReLU()));
            _head = Linear(FeatureSize, classes);
            RegisterComponents();
        }

        // x: (B, H*W) -> (B, 1, H, W) -> features (B, 128) -> logits (B, classes)
        public override (Tensor Logits, Tensor Features) forward(Tensor x)
        {
            var features = _body.call(x.view(-1, 1, _size.H, _size.W));
            return (_head.call(features), features);
        }
    }
}
