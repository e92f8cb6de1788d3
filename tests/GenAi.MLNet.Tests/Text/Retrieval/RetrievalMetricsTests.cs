using System;
using System.Collections.Generic;
using GenAi.MLNet.Text.Retrieval;
using Xunit;

namespace GenAi.MLNet.Tests.Text.Retrieval;

public sealed class RetrievalMetricsTests
{
    [Fact]
    public void Rank_counts_ties_pessimistically()
    {
        double[] scores = [0.5, 0.9, 0.5, 0.1];
        Assert.Equal(1, RetrievalMetrics.RankOf(scores, 1));
        Assert.Equal(3, RetrievalMetrics.RankOf(scores, 0)); // 0.9 and the other 0.5 rank ahead
        Assert.Equal(3, RetrievalMetrics.RankOf(scores, 2));
        Assert.Equal(4, RetrievalMetrics.RankOf(scores, 3));
        Assert.Equal(4, RetrievalMetrics.RankOf([0.0, 0, 0, 0], 0)); // a retriever with no opinion gets the worst rank
    }

    [Fact]
    public void Mean_reciprocal_rank_and_recall_at_k_by_hand()
    {
        // Ranks 1, 2 and 4: MRR = (1 + 1/2 + 1/4) / 3; recall@1 = 1/3, @2 = 2/3, @4 = 1.
        IReadOnlyList<double>[] scores = [[0.9, 0.1, 0.2], [0.3, 0.8, 0.5, 0.0], [1, 1, 1, 1]];
        int[] relevant = [0, 2, 3];
        Assert.Equal((1 + 0.5 + 0.25) / 3, RetrievalMetrics.MeanReciprocalRank(scores, relevant), 12);
        Assert.Equal(1 / 3.0, RetrievalMetrics.RecallAtK(scores, relevant, 1), 12);
        Assert.Equal(2 / 3.0, RetrievalMetrics.RecallAtK(scores, relevant, 2), 12);
        Assert.Equal(1.0, RetrievalMetrics.RecallAtK(scores, relevant, 4), 12);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>("relevant", () => RetrievalMetrics.RankOf([1.0, 2.0], 2));
        Assert.Throws<ArgumentException>("scores", () => RetrievalMetrics.RankOf([1.0, double.NaN], 0));
        Assert.Throws<ArgumentException>("relevantPerQuery", () => RetrievalMetrics.MeanReciprocalRank([[1.0]], [0, 0]));
        Assert.Throws<ArgumentException>("scoresPerQuery", () => RetrievalMetrics.MeanReciprocalRank([], []));
        Assert.Throws<ArgumentOutOfRangeException>("k", () => RetrievalMetrics.RecallAtK([[1.0]], [0], 0));
    }
}
