using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Models.Gan;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(GanTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet GAN", GanTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Gan;

/// <summary>
/// A fitted GAN. <see cref="Transform"/> appends the discriminator's realness score of each row (usable
/// as a feature or an outlier signal); <see cref="Generate"/> draws new rows with the training data's
/// feature column (and label column, for a conditional GAN), so synthetic rows drop into other pipelines.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>FeatureColumnName</c></term><description>known-size vector of Single</description></item>
/// <item><term>Input: <c>LabelColumnName</c> (conditional)</term><description>key or whole-number class</description></item>
/// <item><term><c>ScoreColumnName</c></term><description>Single: D's probability that the row is real (cross-entropy losses) or the critic value (Wasserstein, hinge)</description></item>
/// </list>
/// With packing m &gt; 1 the discriminator judges m samples at once; a row is scored as m copies of itself.
/// </remarks>
public sealed class GanTransformer : ITransformer, IDisposable
{
    internal const string LoaderSignature = "GenAiGan";
    private const uint FormatVersion = 0x00010001;
    private readonly GanPair _pair;
    private readonly object _gate = new();
    private readonly Device _device;

    internal GanTransformer(IHostEnvironment env, GanOptions options, VectorShape inputShape, GanPair pair, TrainingHistory history,
        int seed, string[] classNames, IReadOnlyList<GanSnapshot> snapshots, long generatorSteps)
    {
        ArgumentNullException.ThrowIfNull(env);
        TrainedOptions = options;
        InputShape = inputShape;
        _pair = pair;
        History = history;
        Seed = seed;
        ClassNames = classNames;
        Snapshots = snapshots;
        GeneratorSteps = generatorSteps;
        _device = pair.parameters().First().device;
        _pair.eval();
    }

    /// <summary>The shape of the training rows.</summary>
    public VectorShape InputShape { get; }

    /// <summary>Per-step values (d_loss, g_loss, d_real, d_fake, gradient_penalty) and per-epoch means.</summary>
    public TrainingHistory History { get; }

    /// <summary>The seed the model was trained with.</summary>
    public int Seed { get; }

    /// <summary>Class names of a conditional GAN (empty otherwise).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Samples from fixed noise after the epochs listed in <see cref="GanOptions.SnapshotEpochs"/>.</summary>
    public IReadOnlyList<GanSnapshot> Snapshots { get; }

    /// <summary>Generator steps taken in training.</summary>
    public long GeneratorSteps { get; }

    /// <summary>The generator used for sampling (the moving average of the weights when <see cref="GanOptions.GeneratorEma"/> is set).</summary>
    public GanGenerator Generator => _pair.Sampler;

    /// <summary>The trained discriminator.</summary>
    public GanDiscriminator Discriminator => _pair.Discriminator;

    /// <summary>A copy of the training options.</summary>
    public GanOptions Options => ModelStreams.Clone(TrainedOptions);

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    internal GanOptions TrainedOptions { get; }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => BatchMapping.OutputSchema(inputSchema, new RealnessMapper(this));

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => BatchMapping.Transform(input, new RealnessMapper(this));

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => BatchMapping.RowToRowMapper(inputSchema, new RealnessMapper(this));

    /// <summary>
    /// Generates <paramref name="count"/> rows: a view with the training feature column (same dimensions)
    /// and, for a conditional GAN, the label column (a key with the training class names).
    /// </summary>
    /// <param name="count">Rows to generate.</param>
    /// <param name="seed">Seed of the noise; default: derived from the model's seed, so repeated calls agree.</param>
    /// <param name="label">For a conditional GAN, the class of every row (zero-based); null cycles through the classes.</param>
    /// <param name="temperature">Scale of the noise, z ~ N(0, t^2 I): below 1 trades diversity for typical, higher-quality samples (the "truncation trick" of BigGAN, Brock et al. 2019, in its simplest form).</param>
    public IDataView Generate(int count, int? seed = null, int? label = null, double temperature = 1.0)
    {
        var (rows, labels) = GenerateArrays(count, seed, label, temperature);
        var builder = new InMemoryDataView.Builder()
            .AddVector(TrainedOptions.FeatureColumnName, rows.SelectMany(r => r).ToArray(), InputShape.Size, InputShape.Dimensions);
        if (labels is not null)
        {
            builder.AddKey(TrainedOptions.LabelColumnName!, labels, ClassNames.ToArray());
        }

        return builder.Build();
    }

    /// <summary>Generated rows as arrays, with their classes for a conditional GAN (parameters as <see cref="Generate"/>).</summary>
    public (float[][] Rows, int[]? Labels) GenerateArrays(int count, int? seed = null, int? label = null, double temperature = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be positive and finite.");
        }

        var classes = _pair.Spec.Classes;
        if (label is not null && classes == 0)
        {
            throw new ArgumentException("This GAN is not conditional: it takes no label.", nameof(label));
        }

        if (label is { } l && (l < 0 || l >= classes))
        {
            throw new ArgumentOutOfRangeException(nameof(label), label, $"The GAN was trained on {classes} classes.");
        }

        var labels = classes == 0 ? null : Enumerable.Range(0, count).Select(i => label ?? (i % classes)).ToArray();
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var generator = TorchRandom.Generator(seed ?? (Seed + 1));
            var noise = (randn([count, _pair.Spec.NoiseDimension], generator: generator) * temperature).to(_device);
            var labelTensor = labels is null ? null : tensor(labels.Select(x => (long)x).ToArray()).to(_device);
            return (TensorIO.ToRows(_pair.Sample(noise, labelTensor)), labels);
        }
    }

    /// <inheritdoc />
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(VersionInfo());
        ctx.Writer.Write(FormatVersion);
        ModelStreams.SaveJson(ctx, "Options.json", TrainedOptions);
        ModelStreams.SaveJson(ctx, "Model.json", new SavedModel(InputShape.Dimensions, Seed, ClassNames.ToArray(), Snapshots.ToArray(), GeneratorSteps));
        ModelStreams.SaveJson(ctx, "History.json", History);
        lock (_gate)
        {
            ModelStreams.SaveModule(ctx, "TSModel", _pair);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _pair.Dispose();

    private static VersionInfo VersionInfo() => new(
        modelSignature: "GENAIGAN",
        verWrittenCur: FormatVersion,
        verReadableCur: FormatVersion,
        verWeCanReadBack: FormatVersion,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(GanTransformer).Assembly.FullName);

#pragma warning disable IDE0051 // Used by ML.NET's loader through [LoadableClass].
    private static GanTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(VersionInfo());
        var version = ctx.Reader.ReadUInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported GAN model format 0x{version:X8}.");
        }

        var options = ModelStreams.LoadJson<GanOptions>(ctx, "Options.json", LoaderSignature);
        var model = ModelStreams.LoadJson<SavedModel>(ctx, "Model.json", LoaderSignature);
        var history = ModelStreams.LoadJson<TrainingHistory>(ctx, "History.json", LoaderSignature);
        options.Device = "cpu";
        var shape = new VectorShape(model.Dimensions.Aggregate(1, (a, b) => a * b), model.Dimensions);
        var spec = GanEstimator.Spec(options, shape, model.ClassNames.Length);
        var pair = TorchRandom.Build(model.Seed, () => new GanPair(spec, options.GeneratorEma > 0));
        ModelStreams.LoadModule(ctx, "TSModel", pair, LoaderSignature);
        return new GanTransformer(env, options, shape, pair, history, model.Seed, model.ClassNames, model.Snapshots, model.GeneratorSteps);
    }

    internal sealed record SavedModel(int[] Dimensions, int Seed, string[] ClassNames, GanSnapshot[] Snapshots, long GeneratorSteps);

    /// <summary>The realness column.</summary>
    private sealed class RealnessMapper(GanTransformer owner) : IBatchMapper
    {
        public string InputColumnName => owner.TrainedOptions.FeatureColumnName;

        public int InputSize => owner.InputShape.Size;

        public string? LabelColumnName => owner._pair.Spec.Classes > 0 ? owner.TrainedOptions.LabelColumnName : null;

        public bool AllowsMissing => false;

        public IReadOnlyList<OutputColumn> Outputs { get; } = [OutputColumn.ScalarColumn(owner.TrainedOptions.ScoreColumnName)];

        public void Map(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int rows, float[][] outputs, bool[] active)
        {
            if (!active[0])
            {
                return;
            }

            var m = owner._pair.Spec.Pack;
            var classes = owner._pair.Spec.Classes;
            foreach (var l in labels)
            {
                if (l >= classes)
                {
                    throw new InvalidOperationException($"Label column '{LabelColumnName}' holds class {l}; the GAN was trained on {classes} classes.");
                }
            }

            lock (owner._gate)
            {
                using var noGrad = no_grad();
                using var scope = NewDisposeScope();
                var x = TensorIO.FromSpan(input, [rows, InputSize], owner._device);
                var y = labels.Length == 0 ? null : tensor(labels.ToArray().Select(v => (long)v).ToArray()).to(owner._device);
                if (m > 1)
                {
                    x = x.repeat_interleave(m, 0);       // each row judged as m copies of itself
                    y = y?.repeat_interleave(m, 0);
                }

                var (logits, _) = owner._pair.Discriminator.Judge(x, y);
                var score = owner.TrainedOptions.Loss is GanLoss.Minimax or GanLoss.NonSaturating ? logits.sigmoid() : logits;
                TensorIO.CopyTo(score, outputs[0]);
            }
        }
    }
}
