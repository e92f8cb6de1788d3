using System;
using System.Linq;
using GenAi.MLNet.Text.Retrieval;
using Xunit;

namespace GenAi.MLNet.Tests.Text.Retrieval;

public sealed class VectorIndexTests
{
    [Fact]
    public void Scores_are_cosine_similarities()
    {
        float[] a = [3, 4], b = [0, 2], c = [-1, 0], zero = [0, 0];
        var index = new VectorIndex([a, b, c, zero]);
        Assert.Equal((4, 2), (index.Count, index.Dimension));
        var scores = index.Scores([6, 8]);
        Assert.Equal(1.0, scores[0], 6);
        Assert.Equal(0.8, scores[1], 6);
        Assert.Equal(-0.6, scores[2], 6);
        Assert.Equal(0.0, scores[3]);
        Assert.All(index.Scores([0, 0]), s => Assert.Equal(0.0, s));
    }

    [Fact]
    public void The_index_keeps_its_own_copy()
    {
        float[] a = [1, 0];
        var index = new VectorIndex([a, [0, 1]]);
        a[0] = -1;
        Assert.Equal(1.0, index.Scores([1, 0])[0], 6);
    }

    [Fact]
    public void Search_ranks_best_first_and_ties_by_lower_index()
    {
        var index = new VectorIndex([[0, 1], [1, 0], [2, 0], [1, 1]]);
        var hits = index.Search([1, 0], k: 3);
        Assert.Equal([1, 2, 3], hits.Select(h => h.Document));
        Assert.Equal(Math.Sqrt(0.5), hits[2].Score, 6);
        Assert.Equal(4, index.Search([1, 0]).Count);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentNullException>("vectors", () => new VectorIndex(null!));
        Assert.Throws<ArgumentException>("vectors", () => new VectorIndex([[1, 2], [1]]));
        Assert.Throws<ArgumentException>("vectors", () => new VectorIndex([[1], null!]));
        Assert.Throws<ArgumentException>("vectors", () => new VectorIndex([[float.NaN]]));
        Assert.Throws<ArgumentException>("vectors", () => new VectorIndex([Array.Empty<float>()]));
        var index = new VectorIndex([[1, 2]]);
        Assert.Throws<ArgumentException>("query", () => index.Scores([1, 2, 3]));
        Assert.Throws<ArgumentException>("query", () => index.Scores([float.PositiveInfinity, 0]));
        Assert.Throws<ArgumentOutOfRangeException>("k", () => index.Search([1, 2], 0));
    }
}
