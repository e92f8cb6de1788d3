using System;
using GenAi.MLNet.Metrics;
using Xunit;

namespace GenAi.MLNet.Tests.Metrics;

public sealed class TextMetricsTests
{
    private static readonly string[] s_candidate = TextMetrics.Tokenize("the cat was found under the bed");
    private static readonly string[] s_reference = TextMetrics.Tokenize("the cat was under the bed");

    [Fact]
    public void Rouge_1_and_2_match_the_hand_computed_example()
    {
        // ROUGE-1: 7 candidate and 6 reference unigrams share 6 (the x2, cat, was, under, bed):
        // P = 6/7, R = 1, F1 = 12/13.
        Assert.Equal(12 / 13.0, TextMetrics.RougeN(s_candidate, s_reference), 12);

        // ROUGE-2: 6 candidate and 5 reference bigrams share 4 (the cat, cat was, under the, the bed):
        // P = 4/6, R = 4/5, F1 = 8/11.
        Assert.Equal(8 / 11.0, TextMetrics.RougeN(s_candidate, s_reference, 2), 12);

        // Symmetric in candidate and reference; identical texts score 1.
        Assert.Equal(8 / 11.0, TextMetrics.RougeN(s_reference, s_candidate, 2), 12);
        Assert.Equal(1.0, TextMetrics.RougeN(s_reference, s_reference, 3), 12);
    }

    [Fact]
    public void Rouge_n_clips_repeated_n_grams_and_is_0_without_n_grams()
    {
        // "the" four times against once: overlap 1, P = 1/4, R = 1/2, F1 = 1/3.
        Assert.Equal(1 / 3.0, TextMetrics.RougeN(["the", "the", "the", "the"], ["the", "cat"]), 12);
        Assert.Equal(0.0, TextMetrics.RougeN(["a"], ["a"], 2));
        Assert.Equal(0.0, TextMetrics.RougeN([], ["a"]));
        Assert.Equal(0.0, TextMetrics.RougeN(["a", "b"], ["c", "d"]));
    }

    [Fact]
    public void Corpus_rouge_n_averages_the_pairs()
    {
        Assert.Equal(((12 / 13.0) + 1) / 2, TextMetrics.RougeN([s_candidate, s_reference], [s_reference, s_reference]), 12);
        Assert.Throws<ArgumentException>("references", () => TextMetrics.RougeN([s_candidate], [s_reference, s_reference]));
        Assert.Throws<ArgumentException>("candidates", () => TextMetrics.RougeN(Array.Empty<string[]>(), Array.Empty<string[]>()));
        Assert.Throws<ArgumentOutOfRangeException>("n", () => TextMetrics.RougeN(s_candidate, s_reference, 0));
        Assert.Throws<ArgumentNullException>("candidate", () => TextMetrics.RougeN(null!, s_reference));
    }

    [Fact]
    public void Novelty_is_the_share_not_in_the_training_set()
    {
        Assert.Equal(0.25, TextMetrics.Novelty(["Anne", " anne ", "Zed", "Bob"], ["ANNE", "bob "]));
        Assert.Equal(1.0, TextMetrics.Novelty(["x"], []));
        Assert.Equal(0.0, TextMetrics.Novelty(["x", "X"], ["x"]));
        Assert.Throws<ArgumentException>("generated", () => TextMetrics.Novelty([], ["x"]));
        Assert.Throws<ArgumentException>("generated", () => TextMetrics.Novelty([null!], ["x"]));
        Assert.Throws<ArgumentException>("training", () => TextMetrics.Novelty(["x"], [null!]));
        Assert.Throws<ArgumentNullException>("training", () => TextMetrics.Novelty(["x"], null!));
    }
}
