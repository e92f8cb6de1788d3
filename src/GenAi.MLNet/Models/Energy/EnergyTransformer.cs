using System;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models;
using GenAi.MLNet.Models.Energy;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(EnergyTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet energy-based model", EnergyTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Energy;

/// <summary>
/// A fitted energy-based model. <see cref="GenerativeTransformer{TOptions, TNetwork}.Transform"/> appends the
/// energy (an unnormalised −log p, usable as an anomaly score); <see cref="Sample"/> generates rows by Langevin
/// dynamics from uniform noise.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>FeatureColumnName</c></term><description>known-size vector of Single, the size seen in training</description></item>
/// <item><term><c>EnergyColumnName</c> ("Energy")</term><description>Single: E(x) = −log p(x) − log Z; lower is more typical</description></item>
/// </list>
/// </remarks>
public sealed class EnergyTransformer : GenerativeTransformer<EnergyOptions, EnergyNetwork>
{
    internal const string LoaderSignature = "GenAiEnergyModel";
    private readonly FeatureInput _features;

    internal EnergyTransformer(IHostEnvironment env, ModelParts<EnergyOptions, EnergyNetwork> parts)
        : base(env, parts)
    {
        _features = parts.Inputs.Find<FeatureInput>()!;
    }

    /// <summary>The shape of the feature column the model was trained on.</summary>
    public VectorShape InputShape => _features.Shape;

    /// <summary>The trained network, for inspection and teaching. Do not train it further.</summary>
    public EnergyNetwork Network => Module;

    /// <summary>
    /// Generates <paramref name="count"/> rows: chains start uniform in the training's sample bound and take
    /// <paramref name="steps"/> Langevin updates with the training's step size and noise. A view with the feature
    /// column, named and shaped like the training data.
    /// </summary>
    /// <param name="count">Number of rows.</param>
    /// <param name="steps">Langevin updates (default 200: training chains continue from the replay buffer, so fresh chains need more than <see cref="EnergyOptions.LangevinSteps"/>).</param>
    /// <param name="noise">Noise σ per update; default the training's <see cref="EnergyOptions.LangevinNoise"/>; 0 descends the energy to its nearest minimum.</param>
    /// <param name="seed">Seed; default derived from the model's seed, so repeated calls agree.</param>
    public IDataView Sample(int count, int steps = 200, double? noise = null, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var sigma = noise ?? TrainedOptions.LangevinNoise;
        if (!(sigma >= 0) || double.IsInfinity(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "noise must be non-negative and finite.");
        }

        var size = InputShape.Size;
        var output = new float[count * size];
        using var generator = TorchRandom.Generator(seed ?? (Seed + 1));
        Run(() =>
        {
            var o = TrainedOptions;
            var start = EnergyNetwork.Uniform(count, size, o.SampleBound, generator, Device);                // (N, D)
            var z = Module.Langevin(start, steps, o.LangevinStepSize, sigma, o.SampleBound, generator);      // (N, D)
            TensorIO.CopyTo(Module.Unstandardize(z), output);
            return 0;
        });

        return new InMemoryDataView.Builder().AddVector(TrainedOptions.FeatureColumnName, output, size, InputShape.Dimensions).Build();
    }

    private protected override IBatchMapper CreateMapper() => new EnergyMapper(Module, TrainedOptions, _features, Device);

    private protected override VersionInfo GetVersionInfo() => VersionInfo();

    internal static VersionInfo VersionInfo() => VersionInfoFor("GENAIEBM", LoaderSignature, typeof(EnergyTransformer));

    // Called by ML.NET's loader through [LoadableClass].
#pragma warning disable IDE0051 // Used by reflection.
    private static EnergyTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
        => new(env, LoadParts<NoState>(ctx, VersionInfo(), "energy-based model", (o, i, _) => EnergyEstimator.Network(o, i), out _));
}
