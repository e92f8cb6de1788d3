using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models;
using GenAi.MLNet.Models.Gan;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(GanTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet GAN", GanTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Gan;

/// <summary>
/// A fitted GAN. <see cref="GenerativeTransformer{TOptions, TNetwork}.Transform"/> appends the
/// discriminator's realness score of each row (usable as a feature or an outlier signal); <see cref="Generate"/>
/// draws new rows with the training data's feature column (and label column, for a conditional GAN), so
/// synthetic rows drop into other pipelines.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>FeatureColumnName</c></term><description>known-size vector of Single, in the generator's output range</description></item>
/// <item><term>Input: <c>LabelColumnName</c> (conditional)</term><description>key (matched by class name) or numeric class</description></item>
/// <item><term><c>ScoreColumnName</c></term><description>Single: D's probability that the row is real (cross-entropy losses) or the critic value (Wasserstein, hinge)</description></item>
/// </list>
/// With packing m &gt; 1 the discriminator judges m samples at once; a row is scored as m copies of itself.
/// </remarks>
public sealed class GanTransformer : GenerativeTransformer<GanOptions, GanPair>
{
    internal const string LoaderSignature = "GenAiGan";
    private readonly GanState _state;

    private GanTransformer(IHostEnvironment env, ModelParts<GanOptions, GanPair> parts, GanState state)
        : base(env, parts)
    {
        _state = state;
        Classes = parts.Inputs.Find<ClassInput>();
    }

    /// <summary>The shape of the training rows.</summary>
    public VectorShape InputShape => Inputs.Find<FeatureInput>()!.Shape;

    /// <summary>Class names of a conditional GAN, by zero-based class index (empty otherwise).</summary>
    public IReadOnlyList<string> ClassNames => Classes?.ClassNames ?? [];

    /// <summary>Samples from fixed noise after the epochs listed in <see cref="GanOptions.SnapshotEpochs"/>.</summary>
    public IReadOnlyList<GanSnapshot> Snapshots => _state.Snapshots;

    /// <summary>Generator steps taken in training.</summary>
    public long GeneratorSteps => _state.GeneratorSteps;

    /// <summary>The generator used for sampling (the moving average of the weights when <see cref="GanOptions.GeneratorEma"/> is set).</summary>
    public GanGenerator Generator => Module.Sampler;

    /// <summary>The trained discriminator.</summary>
    public GanDiscriminator Discriminator => Module.Discriminator;

    private ClassInput? Classes { get; }

    /// <summary>
    /// Generates <paramref name="count"/> rows: a view with the training feature column (same dimensions)
    /// and, for a conditional GAN, the label column (a key with the training class names).
    /// </summary>
    /// <param name="count">Rows to generate.</param>
    /// <param name="seed">Seed of the noise; default: derived from the model's seed, so repeated calls agree.</param>
    /// <param name="className">For a conditional GAN, the class of every row by name (a key value of the training label column, or the number for a numeric one); null cycles through the classes.</param>
    /// <param name="temperature">Scale of the noise, z ~ N(0, t^2 I): below 1 trades diversity for typical, higher-quality samples (the "truncation trick" of BigGAN, Brock et al. 2019, in its simplest form).</param>
    public IDataView Generate(int count, int? seed = null, string? className = null, double temperature = 1.0)
        => ToView(GenerateArrays(count, seed, className, temperature));

    /// <summary>
    /// Generates <paramref name="count"/> rows of the class whose key is <paramref name="key"/> in the training
    /// label column (ML.NET keys count from 1; key k is <c>ClassNames[k - 1]</c>).
    /// </summary>
    public IDataView GenerateForKey(int count, uint key, int? seed = null, double temperature = 1.0)
    {
        var classes = RequireClasses(nameof(key));
        if (key == 0 || key > classes.ClassNames.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(key), key, $"Keys of the label column run from 1 to {classes.ClassNames.Count}.");
        }

        return ToView(GenerateIndices(count, seed, (int)key - 1, temperature));
    }

    /// <summary>Generated rows as arrays, with their zero-based class indices for a conditional GAN (parameters as <see cref="Generate"/>).</summary>
    public (float[][] Rows, int[]? Labels) GenerateArrays(int count, int? seed = null, string? className = null, double temperature = 1.0)
    {
        int? index = null;
        if (className is not null)
        {
            index = RequireClasses(nameof(className)).IndexOf(className);
        }

        return GenerateIndices(count, seed, index, temperature);
    }

    /// <summary>Dimension of the generator's noise input z.</summary>
    public int NoiseDimension => Module.Spec.NoiseDimension;

    /// <summary>
    /// Generates one row from each given noise vector — to walk the latent space: interpolate between two vectors
    /// (<see cref="LatentSpace.Interpolate"/>), or keep one vector and change the class, which holds the "style" the
    /// noise encodes while the condition sets the content.
    /// </summary>
    /// <param name="noise">Noise vectors of <see cref="NoiseDimension"/> values each (e.g. from <see cref="LatentSpace.Normal"/>).</param>
    /// <param name="classNames">For a conditional GAN, each row's class by name (as <see cref="Generate"/>); null cycles through the classes.</param>
    /// <exception cref="ArgumentException">A vector has another length, or the class names do not match the rows (named).</exception>
    public float[][] GenerateFromNoise(IReadOnlyList<float[]> noise, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(noise);
        if (noise.Count == 0)
        {
            throw new ArgumentException("Give at least one noise vector.", nameof(noise));
        }

        var z = Module.Spec.NoiseDimension;
        if (noise.Any(n => n is null || n.Length != z))
        {
            throw new ArgumentException($"Every noise vector must have NoiseDimension = {z} values.", nameof(noise));
        }

        int[]? labels = null;
        if (ClassNames.Count > 0)
        {
            if (classNames is not null && classNames.Count != noise.Count)
            {
                throw new ArgumentException($"classNames has {classNames.Count} names for {noise.Count} noise vectors.", nameof(classNames));
            }

            labels = classNames is null
                ? Enumerable.Range(0, noise.Count).Select(i => i % ClassNames.Count).ToArray()
                : classNames.Select(RequireClasses(nameof(classNames)).IndexOf).ToArray();
        }
        else if (classNames is not null)
        {
            throw new ArgumentException("This GAN is not conditional: give no class names.", nameof(classNames));
        }

        return Run(() => Decode(TensorIO.FromSpan(noise.SelectMany(n => n).ToArray(), [noise.Count, z], Device), labels));
    }

    private (float[][] Rows, int[]? Labels) GenerateIndices(int count, int? seed, int? classIndex, double temperature)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be positive and finite.");
        }

        var classes = ClassNames.Count;
        var labels = classes == 0 ? null : Enumerable.Range(0, count).Select(i => classIndex ?? (i % classes)).ToArray();
        var rows = Run(() =>
        {
            using var generator = TorchRandom.Generator(seed ?? (Seed + 1));
            return Decode(randn([count, Module.Spec.NoiseDimension], generator: generator).Times(temperature).to(Device), labels);
        });
        return (rows, labels);
    }

    /// <summary>The generator's rows for noise (N, Z) on the device and, for a conditional GAN, class indices (call inside <c>Run</c>).</summary>
    private float[][] Decode(Tensor noise, int[]? labels)
        => TensorIO.ToRows(Module.Sample(noise, labels is null ? null : TensorIO.FromIndices(labels, Device)));

    private InMemoryDataView ToView((float[][] Rows, int[]? Labels) generated)
    {
        var builder = new InMemoryDataView.Builder()
            .AddVector(TrainedOptions.FeatureColumnName, generated.Rows.SelectMany(r => r).ToArray(), InputShape.Size, InputShape.Dimensions);
        if (generated.Labels is not null)
        {
            builder.AddKey(TrainedOptions.LabelColumnName!, generated.Labels, [.. ClassNames]);
        }

        return builder.Build();
    }

    private ClassInput RequireClasses(string parameter)
        => Classes ?? throw new ArgumentException("This GAN is not conditional: it takes no class.", parameter);

    private protected override IBatchMapper CreateMapper() => new RealnessMapper(Module, TrainedOptions, Inputs, Device);

    private protected override VersionInfo GetVersionInfo() => VersionInfo();

    private protected override ISavedState SaveState() => _state;

    internal static VersionInfo VersionInfo() => VersionInfoFor("GENAIGAN", LoaderSignature, typeof(GanTransformer));

    internal static GanTransformer Create(IHostEnvironment env, ModelParts<GanOptions, GanPair> parts, GanState state) => new(env, parts, state);

#pragma warning disable IDE0051 // Used by ML.NET's loader through [LoadableClass].
    private static GanTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
    {
        var parts = LoadParts<GanState>(ctx, VersionInfo(), "GAN", GanFamily.CreateNetwork, out var state);
        return new GanTransformer(env, parts, state);
    }
}
