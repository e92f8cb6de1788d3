using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Comparisons;
using GenAi.MLNet.Data;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Models.Autoencoders;
using Microsoft.ML;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Comparisons;

[Collection(TorchCollection.Name)]
public sealed class RecommendationTests(ITestOutputHelper output)
{
    /// <summary>
    /// MovieLens-small with held-out users: the protocol keeps every test user's fold-in and held-out items apart and
    /// inside the training items; item-kNN beats popularity, and a multinomial VAE (Mult-VAE, 40 epochs) beats
    /// popularity on NDCG@100; the VAE saves and loads as one zip with the same recommendations.
    /// </summary>
    [Fact]
    public void MultVaeAndItemKnnBeatPopularityOnHeldOutUsers()
    {
        var ml = new MLContext(11);
        var data = ml.Generative().PrepareImplicitFeedback(RatingDatasets.MovieLens(), new ImplicitFeedbackOptions { Seed = 11 });
        output.WriteLine($"{data.TrainUsers} training users, {data.TestUsers} test users, {data.ItemCount} items");
        Assert.InRange(data.TestUsers, 100, 140);
        for (var u = 0; u < data.TestUsers; u++)
        {
            Assert.Empty(data.FoldInItems[u].Intersect(data.HeldOut[u]));
            Assert.All(data.HeldOut[u], i => Assert.InRange(i, 0, data.ItemCount - 1));
        }

        var options = new VaeOptions
        {
            FeatureColumnName = "Items", Likelihood = ReconstructionLikelihood.Multinomial, HiddenSizes = [600], LatentDimension = 200,
            InputDropout = 0.5, Beta = 0.2, Epochs = 40, NumberOfThreads = 1,
        };
        using var vae = ml.Generative().Vae(options).Fit(data.Train);
        var vaeScores = data.ScoresFrom(vae.Transform(data.FoldIn), "Reconstruction");
        Assert.All(vaeScores.Take(3), row => Assert.Equal(1.0, row.Sum(v => (double)v), 3)); // a distribution over the items
        var table = ml.Generative().CompareRecommenders(data, [("popularity", data.PopularityScores()), ("item-kNN", data.ItemKnnScores()), ("Mult-VAE", vaeScores)]);
        output.WriteLine(table.ToString());
        Assert.True(table["item-kNN", "NDCG@100"] > table["popularity", "NDCG@100"], "item-kNN should beat popularity");
        Assert.True(table["Mult-VAE", "NDCG@100"] > table["popularity", "NDCG@100"], "Mult-VAE should beat popularity");

        var path = Path.Combine(Path.GetTempPath(), $"multvae-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(vae, data.Train.Schema, path);
            var loaded = ml.Model.Load(path, out _);
            Assert.Equal(vaeScores[0], data.ScoresFrom(loaded.Transform(data.FoldIn), "Reconstruction")[0]);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Contains("'user'", Assert.Throws<ArgumentException>(() => ml.Generative().PrepareImplicitFeedback(RatingDatasets.MovieLens(), new ImplicitFeedbackOptions { UserColumnName = "user" })).Message, StringComparison.Ordinal);
        Assert.Contains("never negative", Assert.Throws<InvalidOperationException>(() => ml.Generative().Vae(options).Fit(TestData.Vectors("Items", [[1, -1], [0, 2]]))).Message, StringComparison.Ordinal);
    }

    /// <summary>Recall@k and NDCG@k on a hand-checked ranking; fold-in items are skipped.</summary>
    [Fact]
    public void RankingScoresMatchHandComputation()
    {
        // Item 0 is fold-in (skipped); the ranking is 1, 3, 2; the one held-out item (2) comes third.
        float[][] scores = [[0.9f, 0.8f, 0.1f, 0.5f]];
        Assert.Equal(0, RankingScores.Compute(scores, [[2]], [[0]], 2).Recall);
        var at3 = RankingScores.Compute(scores, [[2]], [[0]], 3);
        Assert.Equal(1, at3.Recall);
        Assert.Equal(1 / Math.Log2(4), at3.Ndcg, 12);
        // Two held-out items, both in the top 2: recall 1, NDCG 1.
        Assert.Equal(1, RankingScores.Compute([[0.1f, 0.9f, 0.8f, 0.2f]], [[1, 2]], [[0]], 2).Ndcg, 12);
    }
}
