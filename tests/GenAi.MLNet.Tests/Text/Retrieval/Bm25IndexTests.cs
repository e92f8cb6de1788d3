using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Text.Retrieval;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Text.Retrieval;

/// <summary>The SpamAssassin emails the retrieval tests share: the first 500 with a subject and a body of at least 200 characters.</summary>
internal static class SpamSubset
{
    private static readonly Lazy<IReadOnlyList<SpamEmail>> s_emails = new(() =>
        [.. TextDatasets.SpamAssassin().Where(e => e.Subject.Trim().Length > 0 && e.Body.Length >= 200).Take(500)]);

    public static IReadOnlyList<SpamEmail> Emails => s_emails.Value;
}

public sealed class Bm25IndexTests(ITestOutputHelper output)
{
    [Fact]
    public void Scores_follow_the_Robertson_Zaragoza_formula()
    {
        var index = new Bm25Index(["the cat sat", "the dog", "cat cat cat mat"]);
        Assert.Equal(3, index.Count);

        // N = 3, avgdl = 3; "cat" is in 2 documents: IDF = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln 1.6.
        var idf = Math.Log(1.6);
        Assert.Equal(idf, index.InverseDocumentFrequency("Cat"), 12);
        var scores = index.Scores("CAT!");
        Assert.Equal(idf * 1 * 2.2 / (1 + (1.2 * 1)), scores[0], 12);            // |D| = 3 = avgdl
        Assert.Equal(0, scores[1]);
        Assert.Equal(idf * 3 * 2.2 / (3 + (1.2 * (0.25 + (0.75 * 4 / 3.0)))), scores[2], 12); // |D| = 4

        // A rarer word weighs more; a repeated query word counts twice; b = 0 ignores length; k1 = 0 ignores counts.
        Assert.True(index.InverseDocumentFrequency("dog") > idf);
        Assert.Equal(2 * scores[2], index.Scores("cat cat")[2], 12);
        Assert.Equal(idf * 3 * 2.2 / (3 + 1.2), new Bm25Index(["the cat sat", "the dog", "cat cat cat mat"], b: 0).Scores("cat")[2], 12);
        Assert.Equal(idf, new Bm25Index(["the cat sat", "the dog", "cat cat cat mat"], k1: 0).Scores("cat")[2], 12);
    }

    [Fact]
    public void Search_ranks_best_first_and_ties_by_lower_index()
    {
        var index = new Bm25Index(["apples and pears", "pears", "nothing here", "pears"]);
        var hits = index.Search("pears", k: 3);
        Assert.Equal([1, 3, 0], hits.Select(h => h.Document));
        Assert.True(hits[0].Score > hits[2].Score);
        Assert.Equal(hits[0].Score, hits[1].Score);
        Assert.Equal(4, index.Search("pears", k: 10).Count);
        Assert.Equal([0, 1, 2, 3], index.Search("absent", k: 4).Select(h => h.Document)); // all 0: index order
        Assert.Empty(new Bm25Index([]).Search("x"));
    }

    [Fact]
    public void Words_are_lower_cased_letter_and_digit_runs()
    {
        Assert.Equal(["don't", "stop", "it's", "2024", "café"], Bm25Index.Words("Don't STOP -- it's 2024, Café!"));
        Assert.Equal(["rock", "n", "roll"], Bm25Index.Words("'rock 'n' roll'"));
        Assert.Empty(Bm25Index.Words(" ... "));
    }

    [Fact]
    public void Stop_words_are_left_out_of_documents_and_queries()
    {
        var stop = new HashSet<string> { "the" };
        var index = new Bm25Index(["the the the cat", "the dog"], stopWords: stop);
        Assert.All(index.Scores("the"), s => Assert.Equal(0, s));
        Assert.True(new Bm25Index(["the the the cat", "the dog"]).Scores("the")[0] > 0);

        // Without "the" both documents have one word, so "cat" scores as in a document of average length.
        Assert.Equal(Math.Log(1 + (1.5 / 1.5)), index.Scores("cat")[0], 12);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentNullException>("documents", () => new Bm25Index(null!));
        Assert.Throws<ArgumentException>("documents", () => new Bm25Index(["a", null!]));
        Assert.Throws<ArgumentOutOfRangeException>("k1", () => new Bm25Index(["a"], k1: -1));
        Assert.Throws<ArgumentOutOfRangeException>("b", () => new Bm25Index(["a"], b: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>("b", () => new Bm25Index(["a"], b: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>("k", () => new Bm25Index(["a"]).Search("a", 0));
        Assert.Throws<ArgumentNullException>("query", () => new Bm25Index(["a"]).Scores(null!));
    }

    [Fact]
    public void SpamAssassin_subjects_find_their_own_bodies()
    {
        // Known-item search: each email's subject line as the query, its body the one relevant document among 500.
        var emails = SpamSubset.Emails;
        Assert.Equal(500, emails.Count);
        var index = new Bm25Index([.. emails.Select(e => e.Body)]);
        var scores = emails.Select(e => (IReadOnlyList<double>)index.Scores(e.Subject)).ToList();
        var relevant = Enumerable.Range(0, emails.Count).ToList();
        var mrr = RetrievalMetrics.MeanReciprocalRank(scores, relevant);
        var recall10 = RetrievalMetrics.RecallAtK(scores, relevant, 10);
        var random = Enumerable.Range(1, emails.Count).Sum(r => 1.0 / r) / emails.Count; // H(N) / N
        output.WriteLine($"BM25 subject -> body on {emails.Count} SpamAssassin emails: MRR {mrr:F4}, recall@1 {RetrievalMetrics.RecallAtK(scores, relevant, 1):F4}, recall@10 {recall10:F4}; random MRR {random:F4}");

        Assert.True(mrr > 0.35, $"MRR {mrr:F4}"); // measured 0.403 (recall@1 0.302, @10 0.596)
        Assert.True(mrr > 20 * random, $"MRR {mrr:F4} vs random {random:F4}");
        Assert.True(recall10 > 0.55, $"recall@10 {recall10:F4}");
    }

    [Fact]
    public void The_english_stop_words_are_function_words_only()
    {
        Assert.Contains("the", Bm25Index.EnglishStopWords);
        Assert.Contains("how", Bm25Index.EnglishStopWords);
        Assert.DoesNotContain("tests", Bm25Index.EnglishStopWords);
        Assert.All(Bm25Index.EnglishStopWords, w => Assert.Equal(w.ToLowerInvariant(), w));
        var index = new Bm25Index(["how to run the tests", "how the weather is"], stopWords: Bm25Index.EnglishStopWords);
        Assert.Equal(0, index.Scores("how is the")[1]);
        Assert.Equal(0, index.Search("run tests", 1)[0].Document);
    }
}
