using System;
using System.Linq;
using GenAi.MLNet.Metrics;
using Xunit;

namespace GenAi.MLNet.Tests.Metrics;

public class MetricClosedFormTests
{
    private static float[][] Gaussian(int n, int dim, double shift, double scale, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, dim).Select(_ =>
            (float)(shift + (scale * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))).ToArray()).ToArray();
    }

    [Fact]
    public void KID_is_unbiased_where_the_Frechet_distance_is_not()
    {
        // Two samples of one distribution, 40 times: KID averages to ~0, FD stays clearly positive (its small-sample bias).
        var kid = Enumerable.Range(0, 40).Select(r => KernelDistance.UnbiasedMmd2(Gaussian(100, 8, 0, 1, 2 * r), Gaussian(100, 8, 0, 1, (2 * r) + 1))).ToArray();
        var fd = Enumerable.Range(0, 40).Select(r => FrechetDistance.Compute(Gaussian(100, 8, 0, 1, 2 * r), Gaussian(100, 8, 0, 1, (2 * r) + 1))).ToArray();
        var mean = kid.Average();
        var standardError = Math.Sqrt(kid.Sum(v => (v - mean) * (v - mean)) / (kid.Length - 1) / kid.Length);
        Assert.InRange(mean, -3 * standardError, 3 * standardError);
        Assert.True(fd.Min() > 0, "FD between finite samples of one distribution is biased upwards");
        var shifted = KernelDistance.Compute(Gaussian(300, 8, 0, 1, 1), Gaussian(300, 8, 0.5, 1, 2), subsets: 20, subsetSize: 200, seed: 1);
        Assert.True(shifted.Mean > 5 * shifted.StandardDeviation, shifted.ToString());
    }

    [Fact]
    public void Precision_and_recall_separate_quality_from_diversity()
    {
        // Kynkäänniemi et al.'s toy case: a generator narrower than the data keeps precision and loses recall; a wider one the reverse.
        var real = Gaussian(1000, 4, 0, 1, 1);
        var narrow = ManifoldMetrics.Compute(real, Gaussian(1000, 4, 0, 0.4, 2));
        var wide = ManifoldMetrics.Compute(real, Gaussian(1000, 4, 0, 2.5, 3));
        Assert.True(narrow.Precision > 0.95 && narrow.Recall < 0.5, narrow.ToString());
        Assert.True(wide.Recall > 0.95 && wide.Precision < 0.5, wide.ToString());
    }

    [Fact]
    public void Realism_score_is_the_largest_radius_to_distance_ratio_over_the_unpruned_real_balls()
    {
        // Real points 0, 1, 2, 3 and an outlier at 10 on a line; k = 1 radii: 1, 1, 1, 1, 7.
        float[][] real = [[0f], [1f], [2f], [3f], [10f]];
        float[][] generated = [[1.5f], [0.25f], [8f]];
        var unpruned = ManifoldMetrics.RealismScores(real, generated, k: 1, pruneFraction: 0);
        Assert.Equal(2.0, unpruned[0], 6);       // radius 1 at distance 0.5
        Assert.Equal(4.0, unpruned[1], 6);       // radius 1 at distance 0.25 from 0
        Assert.Equal(3.5, unpruned[2], 6);       // only the outlier's radius 7 at distance 2 makes it "realistic"
        var pruned = ManifoldMetrics.RealismScores(real, generated, k: 1, pruneFraction: 0.2);
        Assert.Equal(0.2, pruned[2], 6);         // outlier ball dropped: radius 1 at distance 5 from 3
        Assert.Throws<ArgumentOutOfRangeException>(() => ManifoldMetrics.RealismScores(real, generated, 1, pruneFraction: 1));
    }

    [Fact]
    public void Inception_score_is_the_class_count_for_confident_even_classes_and_one_for_a_single_class()
    {
        var confident = Enumerable.Range(0, 100).Select(i => Enumerable.Range(0, 10).Select(c => c == i % 10 ? 1f : 0f).ToArray()).ToArray();
        Assert.Equal(10, InceptionScore.FromProbabilities(confident, 1).Mean, 9);
        var collapsed = Enumerable.Range(0, 100).Select(_ => Enumerable.Range(0, 10).Select(c => c == 3 ? 1f : 0f).ToArray()).ToArray();
        Assert.Equal(1, InceptionScore.FromProbabilities(collapsed, 1).Mean, 9);
    }

    [Fact]
    public void Memorization_and_the_two_sample_test_flag_copies()
    {
        var train = Gaussian(300, 5, 0, 1, 1);
        var fresh = Gaussian(300, 5, 0, 1, 2);
        var copies = train.Select(t => t.Select(v => v + 1e-4f).ToArray()).ToArray();
        var freshScores = Memorization.Compute(train, fresh);
        var copyScores = Memorization.Compute(train, copies);
        Assert.InRange(freshScores.FractionCloser, 0.3, 0.7);
        Assert.Equal(1.0, copyScores.FractionCloser);
        Assert.True(copyScores.MedianDistanceRatio < 0.01);
        Assert.InRange(TwoSampleTest.OneNearestNeighbour(train, fresh).Accuracy, 0.4, 0.6);
        Assert.Equal(0.0, TwoSampleTest.OneNearestNeighbour(train, copies).Accuracy); // each point's nearest neighbour is its copy
    }

    [Fact]
    public void The_two_sample_test_keeps_chance_at_one_half_for_sets_of_unequal_size()
    {
        // Pooling 1,200 and 300 points of one distribution, a 1-NN classifier that mostly answers "the big
        // set" is right about 0.68 of the time; subsampling the larger set restores 0.5 as chance.
        var large = Gaussian(1200, 5, 0, 1, 3);
        var small = Gaussian(300, 5, 0, 1, 4);
        var score = TwoSampleTest.OneNearestNeighbour(large, small, seed: 1);
        Assert.InRange(score.Accuracy, 0.4, 0.6);
        Assert.Equal(score, TwoSampleTest.OneNearestNeighbour(large, small, seed: 1));
    }

    [Fact]
    public void Text_metrics_on_obvious_cases()
    {
        var text = TextMetrics.Tokenize("the cat sat on the mat");
        Assert.Equal(1.0, TextMetrics.CorpusBleu([text], [[text]]), 12);
        Assert.Equal(1.0, TextMetrics.RougeL(text, text), 12);
        Assert.Equal(0.0, TextMetrics.CorpusBleu([TextMetrics.Tokenize("completely different words here now")], [[text]]));
        Assert.Equal(0.5, TextMetrics.DistinctN([TextMetrics.Tokenize("a a b b")], 1));
        Assert.Equal(1.0, TextMetrics.SelfBleu([text, text]), 12);
    }

    [Fact]
    public void Bootstrap_intervals_cover_the_mean_and_shrink_with_more_data()
    {
        static BootstrapInterval MeanInterval(int n)
        {
            var values = Gaussian(n, 1, 5, 2, n).Select(r => (double)r[0]).ToArray();
            return Bootstrap.ConfidenceInterval(n, idx => idx.Average(i => values[i]), resamples: 500, seed: 1);
        }

        var small = MeanInterval(100);
        var large = MeanInterval(2500);
        Assert.InRange(5.0, small.Lower, small.Upper);
        Assert.InRange(5.0, large.Lower, large.Upper);
        Assert.True(large.Upper - large.Lower < 0.3 * (small.Upper - small.Lower));
        Assert.InRange(small.Estimate, small.Lower, small.Upper);
    }
}
