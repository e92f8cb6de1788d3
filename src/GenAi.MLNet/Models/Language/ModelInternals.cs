using System.Collections.Generic;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// What a transformer's attention heads look at for one text: for every layer, head and position (the query),
/// the weight it gives each earlier position (the key). Each query's weights sum to 1; a causal model gives 0 to
/// later positions.
/// </summary>
/// <param name="Tokens">The tokens read, the boundary token first (shown as "⏎").</param>
/// <param name="Weights">Indexed [layer][head][query][key].</param>
public sealed record AttentionMaps(IReadOnlyList<string> Tokens, float[][][][] Weights)
{
    /// <summary>The weights of every head of <paramref name="layer"/> averaged: [query][key].</summary>
    public float[][] MeanOverHeads(int layer)
    {
        var heads = Weights[layer];
        var t = Tokens.Count;
        var mean = new float[t][];
        for (var q = 0; q < t; q++)
        {
            mean[q] = new float[t];
            foreach (var head in heads)
            {
                for (var k = 0; k < t; k++)
                {
                    mean[q][k] += head[q][k] / heads.Length;
                }
            }
        }

        return mean;
    }
}

/// <summary>
/// The residual stream of a transformer for one text: the vector of every token before the first layer (the
/// token and position embeddings: the same token gives the same vector wherever it stands, up to its position)
/// and after each layer (contextual: it depends on the tokens before it).
/// </summary>
/// <param name="Tokens">The tokens read, the boundary token first (shown as "⏎").</param>
/// <param name="Layers">Indexed [layer][token][feature]; layer 0 is the embeddings, layer i the output of block i.</param>
public sealed record HiddenStates(IReadOnlyList<string> Tokens, float[][][] Layers);
