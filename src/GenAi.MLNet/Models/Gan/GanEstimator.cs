using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Gan;

/// <summary>
/// Trains a generative adversarial network on a float vector column (and, for a conditional GAN, a
/// label column). Create it with <c>mlContext.Generative().Gan(...)</c>.
/// </summary>
public sealed class GanEstimator : IEstimator<GanTransformer>
{
    private readonly MLContext _mlContext;
    private readonly GanOptions _options;

    internal GanEstimator(MLContext mlContext, GanOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _mlContext = mlContext;
        _options = options;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var columns = SchemaShapes.CheckVectorInput(inputSchema, _options.FeatureColumnName);
        if (_options.LabelColumnName is { } label)
        {
            SchemaShapes.CheckLabelInput(inputSchema, label);
        }

        SchemaShapes.AddScalar(columns, _options.ScoreColumnName);
        return new SchemaShape(columns.Values);
    }

    /// <inheritdoc />
    public GanTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = _options;
        options.Validate();
        IHostEnvironment env = _mlContext;
        var host = env.Register("Gan");
        var shape = ColumnReader.CheckVectorColumn(input.Schema, options.FeatureColumnName);
        var classNames = options.LabelColumnName is { } labelColumn ? ClassNames(input, labelColumn) : [];
        var spec = Spec(options, shape, classNames.Length);
        var seed = options.Seed ?? host.Rand.Next();
        var device = TorchDevice.Parse(options.Device);
        if (options.NumberOfThreads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        using var channel = host.Start("Training");
        channel.Info($"Training a GAN ({options.Architecture}, {options.Loss}{(spec.Classes > 0 ? $", conditional on {spec.Classes} classes" : "")}) on {shape.Size} features, seed {seed}, device {device}.");
        using var train = BatchSource.Create(_mlContext, input, options.FeatureColumnName, options.LabelColumnName, shape.Size, options.MaxInMemoryBytes, device);
        if (train.Rows < options.BatchSize)
        {
            throw new InvalidOperationException($"The training data has {train.Rows} rows, fewer than BatchSize ({options.BatchSize}) (column '{options.FeatureColumnName}').");
        }

        var pair = TorchRandom.Build(seed, () => new GanPair(spec, options.GeneratorEma > 0));
        try
        {
            pair.to(device);
            using var generator = TorchRandom.Generator(seed);
            using var model = new Trainable(pair, options, generator, device, seed);
            var history = Trainer.Run(model, train, null, options, channel, generator, seed, recordSteps: true);
            return new GanTransformer(env, ModelStreams.Clone(options), shape, pair, history, seed, classNames, model.Snapshots, model.GeneratorSteps);
        }
        catch
        {
            pair.Dispose();
            throw;
        }
    }

    /// <summary>The networks an options object describes for data of <paramref name="shape"/> and <paramref name="classes"/> classes.</summary>
    internal static GanSpec Spec(GanOptions options, VectorShape shape, int classes)
    {
        (int C, int H, int W)? image = null;
        if (options.Architecture == GanArchitecture.Convolutional)
        {
            image = shape.Image ?? throw new ArgumentException(
                $"The convolutional (DCGAN) architecture needs an image shape: column '{options.FeatureColumnName}' has dimensions [{string.Join(", ", shape.Dimensions)}].",
                nameof(options));
            if (image.Value.H % 4 != 0 || image.Value.W % 4 != 0)
            {
                throw new ArgumentException($"DCGAN needs height and width divisible by 4; the images are {image.Value.H}x{image.Value.W}.", nameof(options));
            }
        }

        return new GanSpec(shape.Size, image, options.NoiseDimension, classes, options.GeneratorHiddenSizes, options.DiscriminatorHiddenSizes,
            options.GeneratorChannels, options.DiscriminatorChannels, options.BatchNorm, options.MaxoutPieces, options.SpectralNorm, options.Pack,
            options.OutputActivation, options.InitStd);
    }

    /// <summary>Class names from a key column's key values, else "0".."K-1" from the largest label seen.</summary>
    private static string[] ClassNames(IDataView data, string labelColumn)
    {
        var count = ColumnReader.CheckLabelColumn(data.Schema, labelColumn);
        var column = data.Schema[labelColumn];
        if (count is { } k)
        {
            if (column.HasKeyValues())
            {
                VBuffer<ReadOnlyMemory<char>> names = default;
                column.GetKeyValues(ref names);
                return names.DenseValues().Select(n => n.ToString()).ToArray();
            }

            return Enumerable.Range(0, k).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }

        var labels = ColumnReader.ReadLabels(data, labelColumn);
        if (labels.Length == 0)
        {
            throw new InvalidOperationException($"The input data has no rows (column '{labelColumn}').");
        }

        return Enumerable.Range(0, labels.Max() + 1).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>One discriminator step per batch and a generator step every n_critic batches.</summary>
    private sealed class Trainable : ITrainableModel, IDisposable
    {
        private readonly GanPair _pair;
        private readonly GanOptions _options;
        private readonly torch.Generator _noise;
        private readonly Device _device;
        private readonly Adam _generatorOptimizer;
        private readonly Adam _discriminatorOptimizer;
        private readonly Tensor _snapshotNoise;
        private readonly Tensor? _snapshotLabels;
        private long _discriminatorSteps;
        private float _lastGeneratorLoss;

        public Trainable(GanPair pair, GanOptions options, torch.Generator noise, Device device, int seed)
        {
            _pair = pair;
            _options = options;
            _noise = noise;
            _device = device;
            _generatorOptimizer = new Adam(pair.Generator.parameters(), options.GeneratorRate, options.AdamBeta1, options.AdamBeta2);
            _discriminatorOptimizer = new Adam(pair.Discriminator.parameters(), options.DiscriminatorRate, options.AdamBeta1, options.AdamBeta2);
            using var snapshotGenerator = TorchRandom.Generator(seed + 3);
            _snapshotNoise = randn([options.SnapshotSize, pair.Spec.NoiseDimension], generator: snapshotGenerator).to(device).DetachFromDisposeScope();
            _snapshotLabels = pair.Spec.Classes > 0
                ? (arange(options.SnapshotSize) % pair.Spec.Classes).to(device).DetachFromDisposeScope()
                : null;
        }

        public nn.Module Module => _pair;

        public IReadOnlyList<string> LossNames { get; } = ["d_loss", "g_loss", "d_real", "d_fake", "gradient_penalty"];

        public long GeneratorSteps { get; private set; }

        public List<GanSnapshot> Snapshots { get; } = [];

        public bool ShouldStop => _options.MaxGeneratorSteps is { } max && GeneratorSteps >= max;

        public float[] TrainStep(Batch batch)
        {
            var (generator, discriminator, loss) = (_pair.Generator, _pair.Discriminator, _options.Loss);
            var x = batch.Features;                                       // (B, D)
            var labels = batch.Labels;                                    // (B) or null
            var rows = x.shape[0];

            // Discriminator (critic) step on real rows and detached generated rows.
            var fake = generator.Generate(Noise(rows), labels);           // (B, D)
            var (realLogits, realFeatures) = discriminator.Judge(x, labels);
            var (fakeLogits, _) = discriminator.Judge(fake.detach(), labels);
            var discriminatorLoss = GanLosses.Discriminator(loss, realLogits, fakeLogits, _options.RealLabel);
            var penalty = 0f;
            if (loss == GanLoss.WassersteinGp && _options.GradientPenaltyWeight > 0)
            {
                var gp = GanLosses.GradientPenalty(discriminator, x, fake, labels, _noise);
                discriminatorLoss = discriminatorLoss + (_options.GradientPenaltyWeight * gp);
                penalty = gp.item<float>();
            }

            _discriminatorOptimizer.ZeroGrad();
            discriminatorLoss.backward();
            _discriminatorOptimizer.Step();
            _discriminatorSteps++;

            // Generator step every n_critic discriminator steps, on fresh noise.
            if (_discriminatorSteps % _options.CriticSteps == 0)
            {
                var generated = generator.Generate(Noise(rows), labels);
                var (logits, features) = discriminator.Judge(generated, labels);
                var generatorLoss = _options.FeatureMatching
                    ? GanLosses.FeatureMatching(realFeatures, features)
                    : GanLosses.Generator(loss, logits);
                _generatorOptimizer.ZeroGrad();
                generatorLoss.backward();
                _generatorOptimizer.Step();
                _pair.UpdateEma(_options.GeneratorEma);
                GeneratorSteps++;
                _lastGeneratorLoss = generatorLoss.item<float>();
            }

            var crossEntropy = loss is GanLoss.Minimax or GanLoss.NonSaturating;
            using (no_grad())
            {
                var dReal = crossEntropy ? realLogits.sigmoid().mean() : realLogits.mean();
                var dFake = crossEntropy ? fakeLogits.sigmoid().mean() : fakeLogits.mean();
                return [discriminatorLoss.item<float>(), _lastGeneratorLoss, dReal.item<float>(), dFake.item<float>(), penalty];
            }
        }

        public float[] Evaluate(Batch batch) => throw new NotSupportedException("GANs have no validation loss.");

        public void OnEpochEnd(int epoch)
        {
            if (!_options.SnapshotEpochs.Contains(epoch))
            {
                return;
            }

            using var scope = NewDisposeScope();
            var samples = _pair.Sample(_snapshotNoise, _snapshotLabels);
            Snapshots.Add(new GanSnapshot(epoch, GeneratorSteps, TensorIO.ToRows(samples), _snapshotLabels is null ? null : _snapshotLabels.data<long>().Select(l => (int)l).ToArray()));
        }

        public void Dispose()
        {
            _generatorOptimizer.Dispose();
            _discriminatorOptimizer.Dispose();
            _snapshotNoise.Dispose();
            _snapshotLabels?.Dispose();
        }

        private Tensor Noise(long rows) => randn([rows, _pair.Spec.NoiseDimension], generator: _noise).to(_device);
    }
}

/// <summary>Samples generated from fixed noise after an epoch, for plotting how training progresses.</summary>
/// <param name="Epoch">The epoch just finished.</param>
/// <param name="GeneratorSteps">Generator steps taken by then.</param>
/// <param name="Samples">The generated rows.</param>
/// <param name="Labels">Their conditioning classes, for a conditional GAN.</param>
public sealed record GanSnapshot(int Epoch, long GeneratorSteps, float[][] Samples, int[]? Labels);

/// <summary>The generator, the discriminator and (optionally) the moving average of the generator, saved together.</summary>
internal sealed class GanPair : nn.Module
{
    private readonly GanGenerator generator;
    private readonly GanDiscriminator discriminator;
    private readonly GanGenerator? emaGenerator;

    public GanPair(GanSpec spec, bool ema) : base(nameof(GanPair))
    {
        Spec = spec;
        generator = new GanGenerator(spec);
        discriminator = new GanDiscriminator(spec);
        if (ema)
        {
            emaGenerator = new GanGenerator(spec);
            using var noGrad = no_grad();
            emaGenerator.load_state_dict(generator.state_dict());
            foreach (var p in emaGenerator.parameters())
            {
                p.requires_grad = false;
            }
        }

        RegisterComponents();
    }

    public GanSpec Spec { get; }

    public GanGenerator Generator => generator;

    public GanDiscriminator Discriminator => discriminator;

    /// <summary>The generator used for sampling: the moving average when there is one.</summary>
    public GanGenerator Sampler => emaGenerator ?? generator;

    /// <summary>theta_ema = decay * theta_ema + (1 - decay) * theta; batch-norm statistics are copied.</summary>
    public void UpdateEma(double decay)
    {
        if (emaGenerator is null)
        {
            return;
        }

        using var noGrad = no_grad();
        foreach (var (average, current) in emaGenerator.parameters().Zip(generator.parameters()))
        {
            average.mul_(decay).add_(current, 1 - decay);
        }

        foreach (var (average, current) in emaGenerator.buffers().Zip(generator.buffers()))
        {
            average.copy_(current);
        }
    }

    /// <summary>Generates rows from noise in evaluation mode (batch-norm running statistics), then restores the mode.</summary>
    public Tensor Sample(Tensor noise, Tensor? labels)
    {
        var sampler = Sampler;
        var wasTraining = sampler.training;
        sampler.eval();
        try
        {
            using var noGrad = no_grad();
            return sampler.Generate(noise, labels);
        }
        finally
        {
            sampler.train(wasTraining);
        }
    }
}
