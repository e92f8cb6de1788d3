using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using GenAi.MLNet.Metrics;
using Xunit;

namespace GenAi.MLNet.Tests.Metrics;

/// <summary>
/// Every metric against reference values computed with numpy/scipy/NLTK on the same inputs
/// (Fixtures/make_fixtures.py writes Fixtures/metric_fixtures.json), to 1e-4 relative.
/// </summary>
public class MetricFixtureTests
{
    private static readonly JsonElement Fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Metrics", "Fixtures", "metric_fixtures.json"))).RootElement;

    private static float[][] Matrix(string name) => Fixture.GetProperty(name).EnumerateArray().Select(r => r.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()).ToArray();

    private static double Value(params string[] path) => path.Aggregate(Fixture, (e, p) => e.GetProperty(p)).GetDouble();

    private static void Close(double expected, double actual, double relative = 1e-4, double absolute = 1e-9)
        => Assert.True(Math.Abs(expected - actual) <= Math.Max(absolute, relative * Math.Abs(expected)), $"expected {expected}, got {actual}");

    private static readonly float[][] Real = Matrix("real");
    private static readonly float[][] Fake = Matrix("fake");

    [Fact]
    public void Frechet_distance_matches_scipy_sqrtm()
    {
        Close(Value("frechet"), FrechetDistance.Compute(Real, Fake));
        Close(0, FrechetDistance.Compute(Real, Real), absolute: 1e-6);
    }

    [Fact]
    public void Unbiased_mmd_matches_numpy() => Close(Value("mmd2"), KernelDistance.UnbiasedMmd2(Real, Fake));

    [Theory]
    [InlineData(3, "prdc3")]
    [InlineData(5, "prdc5")]
    public void Precision_recall_density_coverage_match_the_reference(int k, string key)
    {
        var s = ManifoldMetrics.Compute(Real, Fake, k);
        Close(Value(key, "precision"), s.Precision);
        Close(Value(key, "recall"), s.Recall);
        Close(Value(key, "density"), s.Density);
        Close(Value(key, "coverage"), s.Coverage);
    }

    [Fact]
    public void Inception_score_matches_numpy_splits()
    {
        var score = InceptionScore.FromProbabilities(Matrix("probabilities"), 10);
        var expected = Fixture.GetProperty("inception_score").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Close(expected[0], score.Mean);
        Close(expected[1], score.StandardDeviation);
    }

    [Fact]
    public void Memorization_ratios_match_numpy()
    {
        var s = Memorization.Compute(Matrix("memorization_train"), Matrix("memorization_generated"));
        Close(Value("memorization", "fraction_closer"), s.FractionCloser);
        Close(Value("memorization", "median_ratio"), s.MedianDistanceRatio);
        Close(Value("memorization", "fraction_copies"), s.FractionNearCopies);
    }

    [Fact]
    public void One_nearest_neighbour_test_matches_numpy()
    {
        // Equal sizes (the first 250 real rows): with unequal sets the test subsamples the larger one.
        var s = TwoSampleTest.OneNearestNeighbour(Real[..Fake.Length], Fake);
        Close(Value("one_nn", "accuracy"), s.Accuracy);
        Close(Value("one_nn", "real"), s.RealAccuracy);
        Close(Value("one_nn", "fake"), s.GeneratedAccuracy);
    }

    [Fact]
    public void Text_metrics_match_NLTK_and_the_reference()
    {
        var candidates = Fixture.GetProperty("candidates").EnumerateArray().Select(c => TextMetrics.Tokenize(c.GetString()!)).ToArray();
        var references = Fixture.GetProperty("references").EnumerateArray()
            .Select(r => (System.Collections.Generic.IReadOnlyList<string[]>)r.EnumerateArray().Select(x => TextMetrics.Tokenize(x.GetString()!)).ToArray()).ToArray();
        Close(Value("corpus_bleu"), TextMetrics.CorpusBleu(candidates, references));
        var sentence = Fixture.GetProperty("sentence_bleu_smoothed").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var i = 0; i < candidates.Length; i++)
        {
            Close(sentence[i], TextMetrics.SentenceBleu(candidates[i], references[i]));
        }

        Close(Value("self_bleu"), TextMetrics.SelfBleu(candidates));
        var rouge = Fixture.GetProperty("rouge_l").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var i = 0; i < candidates.Length; i++)
        {
            Close(rouge[i], TextMetrics.RougeL(candidates[i], references[i][0]));
        }

        Close(Value("distinct1"), TextMetrics.DistinctN(candidates, 1));
        Close(Value("distinct2"), TextMetrics.DistinctN(candidates, 2));
    }
}
