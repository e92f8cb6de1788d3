using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

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
