using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models;
using GenAi.MLNet.Models.Boltzmann;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(RbmTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet RBM", RbmTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Boltzmann;

/// <summary>
/// A fitted restricted Boltzmann machine. <see cref="GenerativeTransformer{TOptions, TNetwork}.Transform"/>
/// appends, lazily and a block of rows at a time, the hidden units' probabilities (features for a
/// classifier), the mean-field reconstruction, the free energy and the pseudo-log-likelihood; the methods
/// sample by Gibbs sampling, run the generative direction h → v, and estimate the partition function.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>FeatureColumnName</c></term><description>known-size vector of Single in [0, 1], the size seen in training</description></item>
/// <item><term><c>HiddenColumnName</c> ("Hidden")</term><description>vector of Single (H): P(h_j = 1 | v)</description></item>
/// <item><term><c>ReconstructionColumnName</c></term><description>vector of Single, the input's shape: P(v = 1 | h = P(h | v))</description></item>
/// <item><term><c>FreeEnergyColumnName</c></term><description>Single: F(v), nats; log p(v) = -F(v) - log Z (<see cref="EstimateLogPartitionFunction"/>)</description></item>
/// <item><term><c>PseudoLogLikelihoodColumnName</c></term><description>Single: Σ_i log P(v_i | v_rest) of the row binarised at 0.5, nats</description></item>
/// </list>
/// </remarks>
public sealed class RbmTransformer : GenerativeTransformer<RbmOptions, RbmNetwork>
{
    internal const string LoaderSignature = "GenAiRbm";
    private readonly RbmState _state;
    private readonly FeatureInput _features;

    internal RbmTransformer(IHostEnvironment env, ModelParts<RbmOptions, RbmNetwork> parts, RbmState state)
        : base(env, parts)
    {
        _state = state;
        _features = (FeatureInput)parts.Inputs[0];
    }

    /// <summary>The shape of the feature column the model was trained on.</summary>
    public VectorShape InputShape => _features.Shape;

    /// <summary>Number of hidden units.</summary>
    public int HiddenUnits => TrainedOptions.HiddenUnits;

    /// <summary>Per-unit means of the training rows (the base-rate model of <see cref="EstimateLogPartitionFunction"/> and where sampling chains start).</summary>
    public IReadOnlyList<float> VisibleMeans => _state.VisibleMeans;

    /// <summary>
    /// The trained network, for inspection and teaching (e.g. its weights as filters). Use it under
    /// <c>torch.no_grad()</c> and do not train it further: the transformer's outputs would change.
    /// </summary>
    public RbmNetwork Network => Module;

    /// <summary>
    /// Draws <paramref name="count"/> samples by block Gibbs sampling: chains start from the training data's
    /// per-unit rates and run <paramref name="gibbsSteps"/> steps; each row is the last P(v = 1 | h), which is
    /// smoother to look at than the binary state. Returns a view with one column named and shaped like the
    /// training features.
    /// </summary>
    /// <param name="count">Number of samples (independent chains).</param>
    /// <param name="gibbsSteps">Gibbs steps per chain. Default 1,000.</param>
    /// <param name="seed">Seed; default derived from the model's seed, so repeated calls agree.</param>
    public IDataView Sample(int count, int gibbsSteps = 1000, int? seed = null)
    {
        var rows = SampleRows(count, gibbsSteps, seed);
        return new InMemoryDataView.Builder()
            .AddVector(TrainedOptions.FeatureColumnName, rows.SelectMany(r => r).ToArray(), InputShape.Size, InputShape.Dimensions)
            .Build();
    }

    /// <summary>The generative direction: P(v = 1 | h) for each row of hidden states (H values each), <c>rows x V</c>.</summary>
    public float[][] VisibleProbabilities(float[][] hidden)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (hidden.Any(h => h is null || h.Length != HiddenUnits))
        {
            throw new ArgumentException($"Every hidden row must have {HiddenUnits} values.", nameof(hidden));
        }

        return Run(() =>
        {
            var h = TensorIO.FromSpan(hidden.SelectMany(x => x).ToArray(), [hidden.Length, HiddenUnits], Device);   // (N, H)
            return TensorIO.ToRows(Module.VisibleProbabilities(h));                                                   // (N, V)
        });
    }

    /// <summary>
    /// Estimates log Z by annealed importance sampling (Neal 2001; Salakhutdinov and Murray 2008): chains start
    /// in a base-rate model (no weights, visible biases fitted to the training rates, whose Z is known) and
    /// move through <paramref name="temperatures"/> intermediate models p_β ∝ p_base^(1-β) p_RBM^β, β from 0 to 1,
    /// by one Gibbs step each, accumulating importance weights. With log Z, log p(v) = -F(v) - log Z.
    /// </summary>
    /// <param name="runs">Independent AIS runs. Default 100.</param>
    /// <param name="temperatures">Intermediate distributions (β spaced evenly). Default 10,000.</param>
    /// <param name="seed">Seed; default derived from the model's seed.</param>
    public PartitionFunctionEstimate EstimateLogPartitionFunction(int runs = 100, int temperatures = 10_000, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperatures);
        ThrowIfDisposed();
        var logWeights = new float[runs];
        double logZBase = 0;
        using var generator = TorchRandom.Generator(seed ?? (Seed + 2));
        Run(() =>
        {
            var means = tensor(_state.VisibleMeans).to(Device);
            var baseBias = logit(means.clamp(1e-3, 1 - 1e-3));                                 // (V): b_A
            logZBase = nn.functional.softplus(baseBias).sum().item<float>() + (HiddenUnits * Math.Log(2));
            var w = Module.Weight;                                                             // (V, H)
            var b = Module.VisibleBias;                                                        // (V)
            var c = Module.HiddenBias;                                                         // (H)
            var v = bernoulli(sigmoid(baseBias).expand(runs, -1), generator: generator);       // (R, V) ~ p_0
            var logW = zeros(runs, device: Device);                                            // (R)
            var previous = 0.0;
            for (var k = 1; k <= temperatures; k++)
            {
                using var scope = NewDisposeScope();
                var beta = (double)k / temperatures;
                var pre = addmm(c, v, w, 1, 1);                                                      // (R, H)
                var step = ((previous - beta) * mv(v, baseBias)) + ((beta - previous) * mv(v, b))
                           + (nn.functional.softplus(beta * pre) - nn.functional.softplus(previous * pre)).sum(1);   // (R): log p*_k(v) - log p*_{k-1}(v)
                logW.add_(step);
                var h = bernoulli(sigmoid(beta * pre), generator: generator);                 // (R, H): a Gibbs step that leaves p_k invariant
                var next = bernoulli(sigmoid(((1 - beta) * baseBias) + (beta * nn.functional.linear(h, w, b))), generator: generator);   // (R, V)
                v.copy_(next);
                previous = beta;
            }

            TensorIO.CopyTo(logW, logWeights);
            return 0;
        });

        var max = logWeights.Max();
        var scaled = logWeights.Select(x => Math.Exp(x - max)).ToArray();
        var mean = scaled.Average();
        var sd = Math.Sqrt(scaled.Sum(x => (x - mean) * (x - mean)) / (runs - 1)) / Math.Sqrt(runs);
        var logZ = logZBase + max + Math.Log(mean);
        var lower = mean - (3 * sd) > 0 ? logZBase + max + Math.Log(mean - (3 * sd)) : double.NegativeInfinity;
        var upper = logZBase + max + Math.Log(mean + (3 * sd));
        return new PartitionFunctionEstimate(logZ, lower, upper, runs, temperatures);
    }

    /// <summary>Chains from the training rates, <paramref name="gibbsSteps"/> steps; the last P(v | h) of each, <c>count x V</c>.</summary>
    internal float[][] SampleRows(int count, int gibbsSteps, int? seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gibbsSteps);
        ThrowIfDisposed();
        using var generator = TorchRandom.Generator(seed ?? (Seed + 1));
        return Run(() =>
        {
            float[][] rows = [];
            var rates = tensor(_state.VisibleMeans).to(Device).expand(count, -1);             // (N, V)
            var v = bernoulli(rates, generator: generator);                                    // (N, V)
            for (var k = 0; k < gibbsSteps; k++)
            {
                using var scope = NewDisposeScope();
                var (sample, probabilities) = Module.Gibbs(v, 1, generator);
                if (k == gibbsSteps - 1)
                {
                    rows = TensorIO.ToRows(probabilities);
                }

                v.copy_(sample);
            }

            return rows;
        });
    }

    private protected override IBatchMapper CreateMapper()
        => new RbmMapper(Module, TrainedOptions, TrainedOptions.ClipInputs ? new FeatureInput(_features.Name, _features.Shape) : _features, Device);

    private protected override VersionInfo GetVersionInfo() => VersionInfo();

    private protected override ISavedState SaveState() => _state;

    internal static VersionInfo VersionInfo() => VersionInfoFor("GENAIRBM", LoaderSignature, typeof(RbmTransformer));

    // Called by ML.NET's loader through [LoadableClass].
#pragma warning disable IDE0051 // Used by reflection.
    private static RbmTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
    {
        var parts = LoadParts<RbmState>(ctx, VersionInfo(), "RBM", (o, i, _) => RbmEstimator.Network(o, i), out var state);
        return new RbmTransformer(env, parts, state);
    }
}
