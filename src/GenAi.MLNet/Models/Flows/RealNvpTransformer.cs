using System;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models;
using GenAi.MLNet.Models.Flows;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(RealNvpTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet RealNVP", RealNvpTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Flows;

/// <summary>
/// A fitted RealNVP flow. <see cref="GenerativeTransformer{TOptions, TNetwork}.Transform"/> appends, lazily and
/// a block of rows at a time, the exact log-likelihood of each row, its latent image z = f(x) and an anomaly
/// score (−log-likelihood); <see cref="Sample"/> draws new rows by inverting the flow.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>FeatureColumnName</c></term><description>known-size vector of Single, the size seen in training</description></item>
/// <item><term><c>LogLikelihoodColumnName</c> ("LogLikelihood")</term><description>Single: log p(x), nats (with dequantisation, a lower bound on the discrete row's log-probability)</description></item>
/// <item><term><c>LatentColumnName</c> ("Latent")</term><description>vector of Single, the input's shape: z = f(x)</description></item>
/// <item><term><c>ScoreColumnName</c> ("AnomalyScore")</term><description>Single: −log p(x), higher is more unusual</description></item>
/// </list>
/// </remarks>
public sealed class RealNvpTransformer : GenerativeTransformer<RealNvpOptions, RealNvpNetwork>
{
    internal const string LoaderSignature = "GenAiRealNvp";
    private readonly FeatureInput _features;
    private Tensor? _noise;

    internal RealNvpTransformer(IHostEnvironment env, ModelParts<RealNvpOptions, RealNvpNetwork> parts)
        : base(env, parts)
    {
        _features = (FeatureInput)parts.Inputs[0];
    }

    /// <summary>The indices of the values that were whole numbers in every training row, modelled as k + u, u ~ U[0, 1) (see <see cref="RealNvpOptions.DequantizeWholeNumbers"/>).</summary>
    public int[] WholeNumberValues => Module.Marginals.WholeValues;

    /// <summary>The indices of the values modelled as log(1 + x) (see <see cref="RealNvpOptions.LogTransformSkewness"/>).</summary>
    public int[] LogTransformedValues => Module.Marginals.LoggedValues;

    /// <summary>The shape of the feature column the model was trained on.</summary>
    public VectorShape InputShape => _features.Shape;

    /// <summary>
    /// The trained network, for inspection and teaching (e.g. mapping a grid through the layers). Use it under
    /// <c>torch.no_grad()</c> and do not train it further: the transformer's outputs would change.
    /// </summary>
    public RealNvpNetwork Network => Module;

    /// <summary>
    /// Draws <paramref name="count"/> rows: z ~ N(0, t² I) mapped back through the inverse flow. With
    /// dequantisation the values are floored back onto the data's levels; a table's whole-number values are floored
    /// back to whole numbers and, with <see cref="RealNvpOptions.ClampSamples"/>, every value is clamped to the range
    /// seen in training. A view with one column named and shaped like the training features.
    /// </summary>
    /// <param name="count">Number of samples.</param>
    /// <param name="temperature">Scale of the base distribution; below 1 trades diversity for typical samples. Default 1.</param>
    /// <param name="seed">Seed; default derived from the model's seed, so repeated calls agree.</param>
    public IDataView Sample(int count, double temperature = 1.0, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be positive and finite.");
        }

        var size = InputShape.Size;
        var output = new float[count * size];
        using var generator = TorchRandom.Generator(seed ?? (Seed + 1));
        Run(() =>
        {
            var z = randn([count, size], generator: generator).to(Device).Times(temperature);    // (N, D)
            var x = Module.Inverse(z);                                                      // (N, D)
            if (TrainedOptions.DequantizationLevels is { } levels)
            {
                x = x.Times(levels).floor().Clamp(0, levels - 1).Over(levels - 1);                // the cell a value falls in: back onto the levels
            }
            else
            {
                x = Module.Marginals.Restrict(x, TrainedOptions.ClampSamples);              // whole numbers floored; the training range
            }

            TensorIO.CopyTo(x, output);
            return 0;
        });

        return new InMemoryDataView.Builder()
            .AddVector(TrainedOptions.FeatureColumnName, output, size, InputShape.Dimensions)
            .Build();
    }

    private protected override IBatchMapper CreateMapper()
    {
        if (TrainedOptions.DequantizationLevels is not null || Module.Marginals.AnyWhole)
        {
            using var generator = TorchRandom.Generator(Seed + 3);
            _noise ??= rand([TrainedOptions.DequantizationSamples, InputShape.Size], generator: generator).to(Device).DetachFromDisposeScope();
        }

        return new RealNvpMapper(Module, TrainedOptions, _features, _noise, Device);
    }

    private protected override VersionInfo GetVersionInfo() => VersionInfo();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _noise?.Dispose();
        }

        base.Dispose(disposing);
    }

    internal static VersionInfo VersionInfo() => VersionInfoFor("GENAINVP", LoaderSignature, typeof(RealNvpTransformer));

    // Called by ML.NET's loader through [LoadableClass].
#pragma warning disable IDE0051 // Used by reflection.
    private static RealNvpTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
        => new(env, LoadParts<NoState>(ctx, VersionInfo(), "RealNVP", (o, i, _) => RealNvpEstimator.Network(o, i), out _));
}
