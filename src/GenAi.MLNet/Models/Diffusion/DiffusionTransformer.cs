using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models;
using GenAi.MLNet.Models.Diffusion;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(DiffusionTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet diffusion", DiffusionTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Diffusion;

/// <summary>
/// A fitted diffusion model. <see cref="GenerativeTransformer{TOptions, TNetwork}.Transform"/> appends the
/// denoising error (an anomaly score); <see cref="Sample"/> generates rows by running the diffusion backwards.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>FeatureColumnName</c></term><description>known-size vector of Single, the size seen in training</description></item>
/// <item><term><c>DenoisingErrorColumnName</c> ("DenoisingError")</term><description>Single: mean squared error of the predicted noise over fixed noise draws at steps spread over the first quarter of the diffusion (where the error depends most on the row), unconditional; higher is more unusual</description></item>
/// </list>
/// </remarks>
public sealed class DiffusionTransformer : GenerativeTransformer<DiffusionOptions, DiffusionNetwork>
{
    internal const string LoaderSignature = "GenAiDiffusion";
    private readonly FeatureInput _features;
    private readonly ClassInput? _classes;
    private Tensor? _steps;
    private Tensor? _noise;

    internal DiffusionTransformer(IHostEnvironment env, ModelParts<DiffusionOptions, DiffusionNetwork> parts)
        : base(env, parts)
    {
        _features = parts.Inputs.Find<FeatureInput>()!;
        _classes = parts.Inputs.Find<ClassInput>();
    }

    /// <summary>The shape of the feature column the model was trained on.</summary>
    public VectorShape InputShape => _features.Shape;

    /// <summary>The class names of a conditional model (empty otherwise).</summary>
    public IReadOnlyList<string> ClassNames => _classes?.ClassNames ?? [];

    /// <summary>The trained network, for inspection and teaching. Use it under <c>torch.no_grad()</c> and do not train it further.</summary>
    public DiffusionNetwork Network => Module;

    /// <summary>
    /// Generates <paramref name="count"/> rows: x_T ~ N(0, I), then <paramref name="steps"/> DDIM updates back
    /// to x_0. A view with the feature column (named and shaped like the training data) and, for a conditional
    /// model, the label column (a key with the training class names).
    /// </summary>
    /// <param name="count">Number of rows.</param>
    /// <param name="steps">Sampling steps, evenly spaced over the T diffusion steps (fewer is faster and coarser). Default 100.</param>
    /// <param name="eta">Noise added at each step: 0 (default) is deterministic DDIM; 1 with <paramref name="steps"/> = T is DDPM's ancestral sampler.</param>
    /// <param name="className">For a conditional model, the class of every row by name; null cycles through the classes. Ignored for an unconditional model.</param>
    /// <param name="guidance">Classifier-free guidance scale w, ε = ε_∅ + w (ε_y − ε_∅): 0 ignores the class, 1 (default) is the conditional model, above 1 sharpens the class at the cost of diversity.</param>
    /// <param name="seed">Seed; default derived from the model's seed, so repeated calls agree.</param>
    public IDataView Sample(int count, int steps = 100, double eta = 0, string? className = null, double guidance = 1.0, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (steps < 1 || steps > TrainedOptions.Timesteps)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"steps must lie in [1, {TrainedOptions.Timesteps}] (the model's Timesteps).");
        }

        if (!(eta >= 0) || double.IsInfinity(eta))
        {
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "eta must be non-negative and finite.");
        }

        if (!double.IsFinite(guidance))
        {
            throw new ArgumentOutOfRangeException(nameof(guidance), guidance, "guidance must be finite.");
        }

        int[]? labels = null;
        if (_classes is { } classes)
        {
            var index = className is null ? (int?)null : classes.IndexOf(className);
            labels = Enumerable.Range(0, count).Select(i => index ?? (i % classes.ClassNames.Count)).ToArray();
        }

        var size = InputShape.Size;
        var output = new float[count * size];
        using var generator = TorchRandom.Generator(seed ?? (Seed + 1));
        Run(() =>
        {
            var noise = randn([count, size], generator: generator).to(Device);                    // (N, D)
            var y = labels is null ? null : TensorIO.FromIndices(labels, Device);
            TensorIO.CopyTo(Module.Sample(noise, steps, eta, guidance, y, generator), output);
            return 0;
        });

        var builder = new InMemoryDataView.Builder().AddVector(TrainedOptions.FeatureColumnName, output, size, InputShape.Dimensions);
        if (labels is not null)
        {
            builder.AddKey(TrainedOptions.LabelColumnName!, labels, [.. ClassNames]);
        }

        return builder.Build();
    }

    private protected override IBatchMapper CreateMapper()
    {
        if (_steps is null)
        {
            using var generator = TorchRandom.Generator(Seed + 3);
            var k = TrainedOptions.DenoisingErrorSamples;
            var quarter = Math.Max(1, TrainedOptions.Timesteps / 4);
            _steps = tensor(Enumerable.Range(0, k).Select(i => (long)(i * quarter / k)).ToArray()).to(Device).DetachFromDisposeScope();
            _noise = randn([k, InputShape.Size], generator: generator).to(Device).DetachFromDisposeScope();
        }

        return new DiffusionMapper(Module, TrainedOptions, _features, _steps, _noise!, Device);
    }

    private protected override VersionInfo GetVersionInfo() => VersionInfo();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _steps?.Dispose();
            _noise?.Dispose();
        }

        base.Dispose(disposing);
    }

    internal static VersionInfo VersionInfo() => VersionInfoFor("GENAIDDP", LoaderSignature, typeof(DiffusionTransformer));

    // Called by ML.NET's loader through [LoadableClass].
#pragma warning disable IDE0051 // Used by reflection.
    private static DiffusionTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
        => new(env, LoadParts<NoState>(ctx, VersionInfo(), "diffusion model", (o, i, _) => DiffusionEstimator.Network(o, i), out _));
}
