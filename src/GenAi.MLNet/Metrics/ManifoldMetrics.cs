using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// Improved precision and recall for distributions (Kynkäänniemi et al., NeurIPS 2019,
/// arXiv:1904.06991) and density and coverage (Naeem et al., ICML 2020, arXiv:2002.09797). Each real
/// point x gets a ball whose radius is the distance to its k-th nearest real neighbour; the union of
/// the balls estimates the real data manifold (and likewise for generated points).
/// </summary>
/// <remarks>
/// The papers compute distances between Inception/VGG features; here any feature vectors can be used
/// (raw pixels, a classifier's embeddings). Distances are Euclidean, computed in float64 in chunks.
/// </remarks>
public static class ManifoldMetrics
{
    /// <summary>Computes precision, recall, density and coverage with k nearest neighbours (default 3, as in the papers' recommendation for precision/recall; Naeem et al. use 5).</summary>
    public static ManifoldScores Compute(IReadOnlyList<float[]> real, IReadOnlyList<float[]> generated, int k = 3)
    {
        CheckPoints(real, generated, k, minimumGenerated: k + 1);

        using var scope = NewDisposeScope();
        var x = Distances.Matrix(real);             // (N, D)
        var y = Distances.Matrix(generated);        // (M, D)
        var realRadius = KthNeighbourDistance(x, k); // (N)
        var fakeRadius = KthNeighbourDistance(y, k); // (M)

        // inReal[j] = number of real balls containing y_j; anyCovered[i] = some y_j inside x_i's ball.
        var inRealBalls = new long[generated.Count];
        var covered = zeros(real.Count, dtype: ScalarType.Bool);
        foreach (var (start, count) in Chunks(generated.Count))
        {
            using var chunkScope = NewDisposeScope();
            var d = cdist(y.narrow(0, start, count), x);                 // (m, N)
            var inside = d.le(realRadius.unsqueeze(0));                    // (m, N)
            var counts = inside.sum(dim: 1).to(ScalarType.Int64).data<long>().ToArray();
            counts.CopyTo(inRealBalls, start);
            covered.logical_or_(inside.any(dim: 0));
        }

        long realInsideFake = 0;
        foreach (var (start, count) in Chunks(real.Count))
        {
            using var chunkScope = NewDisposeScope();
            var d = cdist(x.narrow(0, start, count), y);                 // (n, M)
            realInsideFake += d.le(fakeRadius.unsqueeze(0)).any(dim: 1).sum().item<long>();
        }

        var precision = inRealBalls.Count(c => c > 0) / (double)generated.Count;
        var recall = realInsideFake / (double)real.Count;
        var density = inRealBalls.Sum() / ((double)k * generated.Count);
        var coverage = covered.sum().item<long>() / (double)real.Count;
        return new ManifoldScores(precision, recall, density, coverage, k);
    }

    /// <summary>
    /// The realism score of each generated point (Kynkäänniemi et al. 2019, section 5): the largest ratio
    /// of a real point's k-NN radius to its distance from the generated point,
    /// <c>max_r radius_k(r) / |g − r|</c>. Values of 1 or more mean the point lies inside the real
    /// manifold estimate; larger means nearer a dense, typical region. As in the paper, the real balls
    /// with the largest radii (the fraction <paramref name="pruneFraction"/>, default half) are dropped
    /// first so that outliers in the real data do not make everything look realistic.
    /// </summary>
    /// <remarks>Ranking samples by this score and keeping the top ones trades diversity for quality.</remarks>
    public static double[] RealismScores(IReadOnlyList<float[]> real, IReadOnlyList<float[]> generated, int k = 3, double pruneFraction = 0.5)
    {
        CheckPoints(real, generated, k, minimumGenerated: 1);

        if (!(pruneFraction >= 0 && pruneFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(pruneFraction), pruneFraction, "pruneFraction must be in [0, 1).");
        }

        using var scope = NewDisposeScope();
        var x = Distances.Matrix(real);              // (N, D)
        var y = Distances.Matrix(generated);         // (M, D)
        var radius = KthNeighbourDistance(x, k);     // (N)
        var keep = (long)Math.Max(1, Math.Round(real.Count * (1 - pruneFraction)));
        var kept = radius.topk((int)keep, largest: false).indexes;  // (N') the smallest balls
        x = x.index_select(0, kept);                  // (N', D)
        radius = radius.index_select(0, kept);        // (N')

        var scores = new double[generated.Count];
        foreach (var (start, count) in Chunks(generated.Count))
        {
            using var chunkScope = NewDisposeScope();
            var d = cdist(y.narrow(0, start, count), x).clamp_min(1e-12);            // (m, N')
            var ratio = radius.unsqueeze(0).div(d).max(dim: 1).values;               // (m)
            ratio.data<double>().ToArray().CopyTo(scores, start);
        }

        return scores;
    }

    private static void CheckPoints(IReadOnlyList<float[]> real, IReadOnlyList<float[]> generated, int k, int minimumGenerated)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        if (real.Count <= k || generated.Count < minimumGenerated)
        {
            throw new ArgumentException($"Need more than k = {k} real points and at least {minimumGenerated} generated points; got {real.Count} and {generated.Count}.", nameof(real));
        }

        if (real[0].Length != generated[0].Length)
        {
            throw new ArgumentException($"Real points have {real[0].Length} values, generated points {generated[0].Length}.", nameof(generated));
        }
    }

    /// <summary>Distance from each row to its k-th nearest other row, <c>(N)</c>.</summary>
    private static Tensor KthNeighbourDistance(Tensor points, int k)
    {
        var n = points.shape[0];
        var result = empty(n, dtype: ScalarType.Float64);
        foreach (var (start, count) in Chunks((int)n))
        {
            using var scope = NewDisposeScope();
            var d = cdist(points.narrow(0, start, count), points);                      // (c, N), includes self at 0
            var kth = d.topk(k + 1, dim: 1, largest: false).values.select(1, k);          // skip self
            result.narrow(0, start, count).copy_(kth);
        }

        return result;
    }

    private static IEnumerable<(int Start, int Count)> Chunks(int n, int size = 1024)
    {
        for (var start = 0; start < n; start += size)
        {
            yield return (start, Math.Min(size, n - start));
        }
    }
}
