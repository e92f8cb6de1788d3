using System;
using System.Collections.Generic;

namespace GenAi.MLNet.Text.Retrieval;

/// <summary>
/// Brute-force cosine-similarity search over dense vectors, such as sentence embeddings: the index keeps
/// a unit-length copy of each vector, and a query scores every vector by the cosine
/// u·v / (|u| |v|) in [−1, 1]. A zero vector (stored or queried) scores 0 against everything.
/// </summary>
public sealed class VectorIndex
{
    private readonly float[][] _unit;

    /// <summary>Indexes a normalised copy of <paramref name="vectors"/>: document i of the results is <paramref name="vectors"/>[i].</summary>
    /// <param name="vectors">Non-null vectors of finite values, all of the same non-zero length.</param>
    public VectorIndex(IReadOnlyList<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        _unit = new float[vectors.Count][];
        Dimension = vectors.Count == 0 ? 0 : (vectors[0] ?? throw new ArgumentException("Vector 0 is null.", nameof(vectors))).Length;
        for (var i = 0; i < vectors.Count; i++)
        {
            var vector = vectors[i] ?? throw new ArgumentException($"Vector {i} is null.", nameof(vectors));
            if (vector.Length != Dimension || Dimension == 0)
            {
                throw new ArgumentException($"Vector {i} has length {vector.Length}; vector 0 has {Dimension} (lengths must be equal and non-zero).", nameof(vectors));
            }

            _unit[i] = Normalize(vector, nameof(vectors), $"Vector {i}");
        }
    }

    /// <summary>The number of vectors indexed.</summary>
    public int Count => _unit.Length;

    /// <summary>The length of every vector (0 for an empty index).</summary>
    public int Dimension { get; }

    /// <summary>The cosine similarity of <paramref name="query"/> to every indexed vector, in document order.</summary>
    public double[] Scores(float[] query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Length != Dimension && Count > 0)
        {
            throw new ArgumentException($"The query has length {query.Length}; the indexed vectors have {Dimension}.", nameof(query));
        }

        var unit = Normalize(query, nameof(query), "The query");
        var scores = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            double dot = 0;
            var v = _unit[i];
            for (var j = 0; j < v.Length; j++)
            {
                dot += (double)v[j] * unit[j];
            }

            scores[i] = Math.Clamp(dot, -1, 1);
        }

        return scores;
    }

    /// <summary>The <paramref name="k"/> most similar vectors (fewer when the index holds fewer), best first, equal scores by lower index.</summary>
    public IReadOnlyList<(int Document, double Score)> Search(float[] query, int k = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return RetrievalMetrics.Top(Scores(query), k);
    }

    private static float[] Normalize(float[] vector, string parameter, string what)
    {
        double squares = 0;
        foreach (var x in vector)
        {
            if (!float.IsFinite(x))
            {
                throw new ArgumentException($"{what} holds a non-finite value ({x}).", parameter);
            }

            squares += (double)x * x;
        }

        var unit = new float[vector.Length];
        if (squares > 0)
        {
            var norm = Math.Sqrt(squares);
            for (var j = 0; j < vector.Length; j++)
            {
                unit[j] = (float)(vector[j] / norm);
            }
        }

        return unit;
    }
}
