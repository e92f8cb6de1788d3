using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;

namespace GenAi.MLNet.Models.Boltzmann;

/// <summary>
/// A deep belief network (Hinton, Osindero and Teh 2006) is a stack of RBMs trained greedily, each on the
/// hidden probabilities of the one below (<c>mlContext.Generative().DeepBeliefNetwork(...)</c> fits the stack
/// as one ML.NET pipeline). Its top two layers form an undirected RBM; the layers below are a directed
/// sigmoid network from hidden to visible. This class samples from it.
/// </summary>
public static class DeepBeliefNetwork
{
    /// <summary>
    /// Draws <paramref name="count"/> samples: Gibbs sampling in the top RBM for <paramref name="gibbsSteps"/>
    /// steps, then one pass down the directed layers, binary states sampled on the way and the bottom
    /// layer's P(v = 1 | h) returned. A view with one column named and shaped like the bottom RBM's features.
    /// </summary>
    /// <param name="model">The fitted stack, bottom layer first: the chain <c>DeepBeliefNetwork(...).Fit</c> returns, or any sequence of transformers whose RBMs form a stack (other transformers, e.g. a normalizer in front, are skipped).</param>
    /// <param name="count">Number of samples.</param>
    /// <param name="gibbsSteps">Gibbs steps in the top RBM. Default 1,000.</param>
    /// <param name="seed">Seed; default derived from the top model's seed.</param>
    public static IDataView Sample(IEnumerable<ITransformer> model, int count, int gibbsSteps = 1000, int? seed = null)
    {
        var layers = Stack(model);
        var top = layers[^1];
        var rows = top.SampleRows(count, gibbsSteps, seed);                                   // (N, H_{L-1}) probabilities
        using var generator = TorchRandom.Generator((seed ?? (top.Seed + 1)) + 7919);
        for (var i = layers.Length - 2; i >= 0; i--)
        {
            rows = layers[i].VisibleProbabilities(Binary(rows, generator));                   // one directed layer down
        }

        var bottom = layers[0];
        return new InMemoryDataView.Builder()
            .AddVector(bottom.Options.FeatureColumnName, rows.SelectMany(r => r).ToArray(), bottom.InputShape.Size, bottom.InputShape.Dimensions)
            .Build();
    }

    /// <summary>
    /// A lower bound on the log-probability of each binary row under the DBN (Hinton, Osindero and Teh 2006;
    /// estimated as in Salakhutdinov and Murray 2008): with the factorial recognition distribution
    /// q(h₁ … h_{L−1} | v) = Π q(h_l | h_{l−1}) that greedy training learns (each RBM's P(h = 1 | input)),
    /// log p(v) ≥ E_q[log p(v | h₁) + Σ log p(h_{l−1} | h_l) + log p_top(h_{L−1}) − log q(h | v)],
    /// where the directed layers use each RBM's P(input | h), the top RBM gives p_top(h) = exp(−F(h)) / Z, and
    /// the entropy of each q layer is taken exactly given the sampled layer below. The expectation is averaged over
    /// <paramref name="samples"/> draws; Z is the top RBM's AIS estimate unless given. With one layer the bound is
    /// the RBM's log p(v) = −F(v) − log Z itself.
    /// </summary>
    /// <param name="model">The fitted stack, bottom layer first (as for <see cref="Sample"/>).</param>
    /// <param name="data">Rows whose bottom-layer feature column holds binary values (0 or 1), e.g. binarised images.</param>
    /// <param name="samples">Draws of h from q per row. Default 10.</param>
    /// <param name="topLogPartitionFunction">log Z of the top RBM; default its <see cref="RbmTransformer.EstimateLogPartitionFunction"/>.</param>
    /// <param name="seed">Seed; default derived from the bottom model's seed.</param>
    public static LogLikelihoodBound EstimateLogLikelihoodBound(IEnumerable<ITransformer> model, IDataView data, int samples = 10,
        PartitionFunctionEstimate? topLogPartitionFunction = null, int? seed = null)
    {
        var layers = Stack(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        var bottom = layers[0];
        var name = bottom.Options.FeatureColumnName;
        var column = data.Schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"Column '{name}' (the bottom RBM's feature column) was not found in the data.", nameof(data));
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType } vector || vector.ItemType.RawType != typeof(float) || vector.Size != bottom.InputShape.Size)
        {
            throw new ArgumentException($"Column '{name}' must be a vector of {bottom.InputShape.Size} Single values, as in training; it is {column.Type}.", nameof(data));
        }

        var rows = data.GetColumn<float[]>(name).ToArray();
        for (var r = 0; r < rows.Length; r++)
        {
            if (Array.FindIndex(rows[r], x => x is not (0f or 1f)) is var i and >= 0)
            {
                throw new ArgumentException(
                    $"Column '{name}', row {r}, element {i} is {rows[r][i]}: the bound is a log-probability of binary rows (every element 0 or 1); binarise the values first (e.g. 1 where a pixel is ≥ 0.5, or a table's value is above its training median).", nameof(data));
            }
        }

        var logZ = topLogPartitionFunction ?? layers[^1].EstimateLogPartitionFunction(seed: seed);
        var bounds = new float[rows.Length];
        if (rows.Length > 0)
        {
            using var generator = TorchRandom.Generator(seed ?? (bottom.Seed + 11));
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            var v = torch.tensor(rows.SelectMany(x => x).ToArray(), [rows.Length, bottom.InputShape.Size]);   // (N, V)
            var total = torch.zeros(rows.Length, dtype: torch.ScalarType.Float64);                                  // (N)
            var draws = layers.Length == 1 ? 1 : samples;
            for (var s = 0; s < draws; s++)
            {
                var below = v;                                                                                        // h_{l−1}, (N, V_l)
                for (var l = 0; l < layers.Length - 1; l++)
                {
                    var net = layers[l].Network;
                    var a = torch.addmm(net.HiddenBias, below, net.Weight, 1, 1);                                      // (N, H_l): logits of q(h_l | h_{l−1})
                    var q = torch.sigmoid(a);
                    total.add_((torch.nn.functional.softplus(a) - (q * a)).sum(1).to(torch.ScalarType.Float64));    // H(q(h_l | h_{l−1})), exact
                    var h = torch.bernoulli(q, generator: generator);                                               // (N, H_l)
                    var z = net.VisibleInput(h);                                                                    // (N, V_l): logits of p(h_{l−1} | h_l)
                    total.add_(((below * z) - torch.nn.functional.softplus(z)).sum(1).to(torch.ScalarType.Float64)); // log p(h_{l−1} | h_l)
                    below = h;
                }

                total.add_((-layers[^1].Network.FreeEnergy(below)).to(torch.ScalarType.Float64));                  // log p*_top(h_{L−1})
            }

            TensorIO.CopyTo((total / draws - logZ.LogZ).to(torch.ScalarType.Float32), bounds);
        }

        return new LogLikelihoodBound(bounds, bounds.Length == 0 ? double.NaN : bounds.Average(x => (double)x), logZ, layers.Length == 1 ? 1 : samples);
    }

    /// <summary>The RBM layers of a stack, bottom first, checked to fit one another.</summary>
    private static RbmTransformer[] Stack(IEnumerable<ITransformer> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layers = model.OfType<RbmTransformer>().ToArray();
        if (layers.Length == 0)
        {
            throw new ArgumentException("The model holds no RBM layer.", nameof(model));
        }

        for (var i = 1; i < layers.Length; i++)
        {
            if (layers[i].InputShape.Size != layers[i - 1].HiddenUnits)
            {
                throw new ArgumentException(
                    $"Layer {i} reads {layers[i].InputShape.Size} values ('{layers[i].Options.FeatureColumnName}') but layer {i - 1} has {layers[i - 1].HiddenUnits} hidden units: the layers do not form a stack.",
                    nameof(model));
            }
        }

        return layers;
    }

    /// <summary>Binary states drawn from probabilities.</summary>
    private static float[][] Binary(float[][] probabilities, TorchSharp.torch.Generator generator)
    {
        var flat = probabilities.SelectMany(r => r).ToArray();
        var width = probabilities.Length == 0 ? 0 : probabilities[0].Length;
        using var p = TorchSharp.torch.tensor(flat, [probabilities.Length, width]);
        using var draw = TorchSharp.torch.bernoulli(p, generator: generator);
        return TensorIO.ToRows(draw);
    }
}
