using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GenAi.MLNet.Comparisons;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Autoencoders;
using GenAi.MLNet.Models.Boltzmann;
using Microsoft.ML;

namespace GenAi.MLNet.Benchmarks;

/// <summary>
/// Recommendation on MovieLens-small with held-out users (Liang et al. 2018's protocol: ratings of 4 and up, users with
/// at least 5, 20 % of the users held out, 80 % of each one's items shown): popularity and item-kNN against a
/// multinomial VAE (Mult-VAE), its deterministic twin (Mult-DAE) and a binary RBM on the same multi-hot rows.
/// Writes benchmarks/results/recommendation.md.
/// </summary>
internal static class RecommendationBenchmark
{
    public sealed record Settings(int[] Seeds, int VaeEpochs, int RbmEpochs, int Threads);

    public static void Run(string root, Settings settings)
    {
        var results = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        var ratings = RatingDatasets.MovieLens(Path.Combine(root, "data"));
        var names = new[] { "popularity (traditional)", "item-kNN, 100 neighbours (traditional)", "field-aware factorization machine (traditional)", "Mult-VAE (generative)", "Mult-DAE (autoencoder)", "RBM, 200 hidden units (generative)" };
        var sums = names.ToDictionary(n => n, _ => new double[3]);
        var seconds = names.ToDictionary(n => n, _ => 0.0);
        var description = "";
        foreach (var seed in settings.Seeds)
        {
            var ml = new MLContext(seed);
            var data = ml.Generative().PrepareImplicitFeedback(ratings, new ImplicitFeedbackOptions { Seed = seed });
            description = $"{data.TrainUsers} training users, {data.TestUsers} test users, {data.ItemCount:N0} items";
            Console.WriteLine(description);
            var scores = new Dictionary<string, float[][]>();
            T Timed<T>(string name, Func<T> work)
            {
                var watch = Stopwatch.StartNew();
                var result = work();
                seconds[name] += watch.Elapsed.TotalSeconds;
                return result;
            }

            scores[names[0]] = Timed(names[0], data.PopularityScores);
            scores[names[1]] = Timed(names[1], () => data.ItemKnnScores(100));
            scores[names[2]] = Timed(names[2], () => data.FactorizationMachineScores(ml));
            scores[names[3]] = Timed(names[3], () =>
            {
                var options = Mult<VaeOptions>(settings, seed);
                options.Beta = 0.2;
                using var vae = ml.Generative().Vae(options).Fit(data.Train);
                return data.ScoresFrom(vae.Transform(data.FoldIn), "Reconstruction");
            });
            scores[names[4]] = Timed(names[4], () =>
            {
                using var dae = ml.Generative().Autoencoder(Mult<AutoencoderOptions>(settings, seed)).Fit(data.Train);
                return data.ScoresFrom(dae.Transform(data.FoldIn), "Reconstruction");
            });
            scores[names[5]] = Timed(names[5], () =>
            {
                using var rbm = ml.Generative().Rbm(new RbmOptions { FeatureColumnName = "Items", HiddenUnits = 200, Epochs = settings.RbmEpochs, Seed = seed, NumberOfThreads = settings.Threads }).Fit(data.Train);
                return data.ScoresFrom(rbm.Transform(data.FoldIn), "Reconstruction");
            });
            var table = ml.Generative().CompareRecommenders(data, names.Select(n => (n, scores[n])));
            Console.WriteLine(table);
            foreach (var n in names)
            {
                sums[n][0] += table[n, "Recall@20"]!.Value;
                sums[n][1] += table[n, "Recall@50"]!.Value;
                sums[n][2] += table[n, "NDCG@100"]!.Value;
            }
        }

        var summary = new GenAi.MLNet.Metrics.MetricsTable(
            $"MovieLens-small, held-out users ({description} for seed {settings.Seeds[0]}), mean of {settings.Seeds.Length} splits", "Recall@20", "Recall@50", "NDCG@100", "seconds per split");
        foreach (var n in names)
        {
            summary.Add(n, sums[n][0] / settings.Seeds.Length, sums[n][1] / settings.Seeds.Length, sums[n][2] / settings.Seeds.Length, seconds[n] / settings.Seeds.Length);
        }

        var report = new StringBuilder("# Recommendation: traditional vs generative on MovieLens-small\n\n");
        report.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project benchmarks/GenAi.MLNet.Benchmarks -- recommendation --seeds {string.Join(",", settings.Seeds)} --vae-epochs {settings.VaeEpochs} --rbm-epochs {settings.RbmEpochs} --threads {settings.Threads}`; {Environment.ProcessorCount} cores.");
        report.AppendLine();
        report.Append(summary.ToMarkdown());
        report.AppendLine();
        report.AppendLine("Mult-VAE and Mult-DAE: 600 hidden units, latent 200, multinomial likelihood, input dropout 0.5, β 0.2 (Liang et al.'s settings, β constant), Adam 1e-3, batches of 128; the RBM: binary units on the same multi-hot rows, PCD, its mean-field reconstruction as scores.");
        File.WriteAllText(Path.Combine(results, "recommendation.md"), report.ToString());
        Console.WriteLine(report);
    }

    private static T Mult<T>(Settings settings, int seed)
        where T : AutoencoderOptions, new() => new()
        {
            FeatureColumnName = "Items", Likelihood = ReconstructionLikelihood.Multinomial, HiddenSizes = [600], LatentDimension = 200,
            InputDropout = 0.5, Epochs = settings.VaeEpochs, LearningRate = 1e-3, Seed = seed, NumberOfThreads = settings.Threads,
        };
}
