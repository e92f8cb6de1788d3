using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GenAi.MLNet.Comparisons;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Bayes;
using Microsoft.ML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Benchmarks;

/// <summary>
/// Traditional vs generative on real tasks, through the library's comparison pipelines: learning curves of a
/// generative classifier (naive Bayes) against logistic regression on the same features (Ng and Jordan 2002) for
/// the 8x8 digits and the SpamAssassin emails; spam filtering (FeaturizeText + SDCA vs class-conditional n-gram
/// language models); anomaly detection on Shuttle (ODDS protocol) by a supervised tree ensemble, PCA and generative
/// densities. Writes benchmarks/results/comparisons.md.
/// </summary>
internal static class ComparisonsBenchmark
{
    private static readonly string[] AllParts = ["curves", "spam", "shuttle", "imbalance"];

    public sealed record Settings(int Seed, int Repeats, int VaeEpochs, int FlowEpochs, int ImbalanceSeeds, int GeneratorEpochs, string[] Parts);

    public static void Run(string root, Settings settings)
    {
        var data = Path.Combine(root, "data");
        var results = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        var report = new StringBuilder();
        report.AppendLine("# Traditional vs generative: comparison pipelines on real data");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project benchmarks/GenAi.MLNet.Benchmarks -- comparisons --seed {settings.Seed} --repeats {settings.Repeats} --vae-epochs {settings.VaeEpochs} --flow-epochs {settings.FlowEpochs} --imbalance-seeds {settings.ImbalanceSeeds} --generator-epochs {settings.GeneratorEpochs}{(settings.Parts.Length < 4 ? " --parts " + string.Join(",", settings.Parts) : "")}`; {Environment.ProcessorCount} cores.");
        report.AppendLine();
        var total = Stopwatch.StartNew();

        // 1. Learning curves: digits 8x8, Gaussian naive Bayes vs multinomial logistic regression on the same 64 pixels.
        if (settings.Parts.Contains("curves"))
        {
            var ml = new MLContext(settings.Seed);
            var digits = ImageDatasets.Digits(data).ToDataView();
            var split = ml.Data.TrainTestSplit(digits, 0.3, seed: settings.Seed);
            var curve = ml.Generative().LearningCurve(split.TrainSet, split.TestSet, new Dictionary<string, IEstimator<ITransformer>>
            {
                ["naive Bayes (generative)"] = ml.Generative().NaiveBayes(new NaiveBayesOptions { VarianceSmoothing = 0.1 }),
                ["logistic regression (discriminative)"] = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l1Regularization: 0, l2Regularization: 1),
                ["logistic regression, L2 1e-4"] = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l1Regularization: 0, l2Regularization: 1e-4f),
            }, new LearningCurveOptions { TrainingSizes = [10, 20, 50, 100, 200, 500, 1000, 1250], Repeats = settings.Repeats, Seed = settings.Seed });
            Write(report, curve.ToTable($"Digits 8x8 (1,797 images; 30 % test = {split.TestSet.GetRowCount() ?? 539} rows): test accuracy against training rows, mean of {settings.Repeats} subsets"),
                $"logistic regression catches up with naive Bayes at {curve.CatchesUpAt("logistic regression (discriminative)", "naive Bayes (generative)")?.ToString(CultureInfo.InvariantCulture) ?? "never"} rows");
            curve.Plot("Digits 8x8: generative vs discriminative").Save(Path.Combine(results, "comparisons-digits-curve.png"));
            Console.WriteLine($"digits done {total.Elapsed.TotalSeconds:F0} s");
        }

        // 2. Spam: learning curves on the same word counts, then the two pipelines head to head.
        var emails = TextDatasets.SpamAssassin(data);
        if (settings.Parts.Contains("spam"))
        {
            var ml = new MLContext(settings.Seed);
            var view = ml.Data.LoadFromEnumerable(emails.Select(e => new Email { Text = e.Subject + "\n" + e.Body, Label = e.IsSpam }));
            var split = ml.Data.TrainTestSplit(view, 0.3, seed: settings.Seed);
            var counts = ml.Generative().GenerativeTextClassifier("Text").Fit(split.TrainSet); // the vocabulary, from the training emails only
            var featurizer = new TransformerChain<ITransformer>(((IEnumerable<ITransformer>)counts).Take(2).ToArray());
            var train = ml.Data.Cache(featurizer.Transform(split.TrainSet));
            var test = ml.Data.Cache(featurizer.Transform(split.TestSet));
            var curve = ml.Generative().LearningCurve(train, test, new Dictionary<string, IEstimator<ITransformer>>
            {
                ["naive Bayes (generative)"] = ml.Generative().NaiveBayes(likelihood: NaiveBayesLikelihood.Multinomial),
                ["logistic regression (discriminative)"] = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(l1Regularization: 0, l2Regularization: 1),
                ["logistic regression, L2 1e-4"] = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(l1Regularization: 0, l2Regularization: 1e-4f),
            }, new LearningCurveOptions { TrainingSizes = [10, 20, 50, 100, 200, 500, 1000, 2000, 4000], Repeats = settings.Repeats, Seed = settings.Seed });
            Write(report, curve.ToTable($"SpamAssassin (6,046 emails, 30 % test), the same word 1-2-gram counts: test accuracy against training emails, mean of {settings.Repeats} subsets"),
                $"logistic regression catches up with naive Bayes at {curve.CatchesUpAt("logistic regression (discriminative)", "naive Bayes (generative)")?.ToString(CultureInfo.InvariantCulture) ?? "never"} emails");
            curve.Plot("SpamAssassin: generative vs discriminative").Save(Path.Combine(results, "comparisons-spam-curve.png"));
            Console.WriteLine($"spam curve done {total.Elapsed.TotalSeconds:F0} s");

            var watch = Stopwatch.StartNew();
            var traditional = ml.Generative().TraditionalTextClassifier("Text").Fit(split.TrainSet);
            var traditionalSeconds = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var generative = ml.Generative().GenerativeTextClassifier("Text").Fit(split.TrainSet);
            var generativeSeconds = watch.Elapsed.TotalSeconds;
            var comparison = ml.Generative().CompareClassifiers(split.TestSet, new Dictionary<string, ITransformer>
            {
                ["FeaturizeText + SDCA logistic regression (traditional)"] = traditional,
                ["class-conditional n-gram LMs, naive Bayes (generative)"] = generative,
            });
            Write(report, comparison.ToTable("Spam filtering, 70/30 split: the two pipelines"),
                $"fit: traditional {traditionalSeconds:F1} s, generative {generativeSeconds:F1} s");
            var spam = ml.Data.TakeRows(ml.Data.FilterByCustomPredicate<Email>(split.TestSet, e => !e.Label), 1);
            var bayes = ((IEnumerable<ITransformer>)generative).OfType<NaiveBayesTransformer>().Single();
            report.AppendLine("How each side explains its decision on the first spam email of the test rows:");
            report.AppendLine();
            report.AppendLine("| traditional: n-gram | weight x value | generative: n-gram | log p(n-gram|spam)/p(n-gram|ham), nats |");
            report.AppendLine("|---|---|---|---|");
            var linear = LinearExplanation.Explain(traditional, traditional.Transform(spam), 8);
            var ratios = bayes.Explain(generative.Transform(spam), 8);
            for (var i = 0; i < Math.Max(linear.Count, ratios.Count); i++)
            {
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {(i < linear.Count ? linear[i].Name.Replace("|", "/", StringComparison.Ordinal) : "")} | {(i < linear.Count ? linear[i].Contribution.ToString("F3", CultureInfo.InvariantCulture) : "")} | {(i < ratios.Count ? ratios[i].Name.Replace("|", "/", StringComparison.Ordinal) : "")} | {(i < ratios.Count ? ratios[i].LogLikelihoodRatio.ToString("F2", CultureInfo.InvariantCulture) : "")} |");
            }

            report.AppendLine();
            comparison.PlotRoc("Spam filtering").Save(Path.Combine(results, "comparisons-spam-roc.png"));
            Console.WriteLine($"spam pipelines done {total.Elapsed.TotalSeconds:F0} s");
        }

        // 3. Anomaly detection on Shuttle (ODDS protocol: class High dropped, Rad.Flow normal, the other classes anomalies).
        if (settings.Parts.Contains("shuttle"))
        {
            var ml = new MLContext(settings.Seed);
            var frame = TabularDatasets.Shuttle(data);
            var rows = ml.Data.FilterByCustomPredicate<ShuttleClass>(frame, r => r.Class == "High");
            var labelled = ml.Transforms.CustomMapping<ShuttleClass, AnomalyLabel>((r, o) => o.Label = r.Class != "Rad.Flow", contractName: null)
                .Append(ml.Transforms.Concatenate("Raw", TabularDatasets.ShuttleFeatures))
                .Append(ml.Transforms.NormalizeMeanVariance("Features", "Raw"));
            var split = ml.Data.TrainTestSplit(rows, 0.5, seed: settings.Seed);
            var prepare = labelled.Fit(split.TrainSet);
            var train = ml.Data.Cache(prepare.Transform(split.TrainSet));
            var test = ml.Data.Cache(prepare.Transform(split.TestSet));
            var anomalies = test.GetColumn<bool>("Label").Count(a => a);
            var testRows = test.GetColumn<bool>("Label").Count();
            var times = new Dictionary<string, double>();
            T Timed<T>(string name, Func<T> fit)
            {
                var w = Stopwatch.StartNew();
                var model = fit();
                times[name] = w.Elapsed.TotalSeconds;
                return model;
            }

            var lightGbm = Timed("LightGbm", () => ml.BinaryClassification.Trainers.LightGbm("Label", "Features").Fit(train));
            var pca = Timed("PCA", () => ml.AnomalyDetection.Trainers.RandomizedPca("Features", rank: 4, seed: settings.Seed).Fit(train));
            var pcaTuned = Timed("PCA tuned", () => ml.AnomalyDetection.Trainers.RandomizedPca("Features", rank: 1, ensureZeroMean: false, seed: settings.Seed).Fit(train));
            var vae = Timed("VAE", () => ml.Generative().Vae(new GenAi.MLNet.Models.Autoencoders.VaeOptions
            {
                Epochs = settings.VaeEpochs, LatentDimension = 4, Likelihood = GenAi.MLNet.Models.Autoencoders.ReconstructionLikelihood.Gaussian, Seed = settings.Seed,
            }).Fit(train));
            var flow = Timed("flow", () => ml.Generative().RealNvp(new GenAi.MLNet.Models.Flows.RealNvpOptions { Epochs = settings.FlowEpochs, Seed = settings.Seed }).Fit(train));
            var bayes = Timed("NB", () => ml.Generative().NaiveBayes().Fit(train));
            var k = 100;
            var detectors = ml.Generative().CompareDetectors(
            [
                ("LightGbm, supervised (traditional)", lightGbm.Transform(test), "Score"),
                ("randomized PCA rank 4, unsupervised (traditional)", pca.Transform(test), "Score"),
                ("randomized PCA rank 1, no centring, tuned on test (traditional)", pcaTuned.Transform(test), "Score"),
                ("VAE −ELBO, unsupervised (generative)", vae.Transform(test), "AnomalyScore"),
                ("RealNVP −log p(x), unsupervised (generative)", flow.Transform(test), "AnomalyScore"),
                ("naive Bayes log-odds, supervised (generative)", bayes.Transform(test), "Score"),
            ], "Label", k);
            Write(report, detectors.ToTable($"Shuttle anomalies (ODDS protocol; test {testRows:N0} rows, {anomalies:N0} anomalies = {100.0 * anomalies / testRows:F1} %)"),
                "fit seconds: " + string.Join(", ", times.Select(t => $"{t.Key} {t.Value:F1}")));
            detectors.PlotRoc("Shuttle anomalies").Save(Path.Combine(results, "comparisons-shuttle-roc.png"));
        }

        // 4. Class imbalance on Lending Club (5.2 % bad loans): no oversampling, copies, or synthetic bad loans from a generator fitted to them.
        if (settings.Parts.Contains("imbalance"))
        {
            var methods = new[] { OversamplingMethod.None, OversamplingMethod.Duplicate, OversamplingMethod.Gaussian, OversamplingMethod.Vae, OversamplingMethod.Flow };
            var classifiers = new[] { "logistic regression", "LightGbm" };
            var sums = new Dictionary<(OversamplingMethod, string), double[]>();
            var watch = Stopwatch.StartNew();
            for (var r = 0; r < settings.ImbalanceSeeds; r++)
            {
                var seed = settings.Seed + r;
                var ml = new MLContext(seed);
                var frame = TabularDatasets.LendingClub(data);
                var label = ml.Transforms.CustomMapping<LoanClass, BoolLabel>((i, o) => o.Label = i.Class == "bad", contractName: null);
                var split = ml.Data.TrainTestSplit(label.Fit(frame).Transform(frame), 0.3, seed: seed);
                var categorical = new[] { "term", "sub_grade", "verification_status", "emp_length" };
                var prepare = ml.Transforms.Categorical.OneHotEncoding(categorical.Select(c => new InputOutputColumnPair(c + "_hot", c)).ToArray())
                    .Append(ml.Transforms.Concatenate("Raw", TabularDatasets.LendingClubNumeric.Concat(categorical.Select(c => c + "_hot")).ToArray()))
                    .Append(ml.Transforms.NormalizeMeanVariance("Features", "Raw"))
                    .Fit(split.TrainSet);
                var train = ml.Data.Cache(prepare.Transform(split.TrainSet));
                var test = ml.Data.Cache(prepare.Transform(split.TestSet));
                foreach (var method in methods)
                {
                    var balanced = ml.Data.Cache(ml.Generative().Oversample(train, new OversamplingOptions { Method = method, Seed = seed, Epochs = settings.GeneratorEpochs }));
                    foreach (var name in classifiers)
                    {
                        IEstimator<ITransformer> trainer = name == "LightGbm"
                            ? ml.BinaryClassification.Trainers.LightGbm()
                            : ml.BinaryClassification.Trainers.LbfgsLogisticRegression(l1Regularization: 0, l2Regularization: 1);
                        var scored = trainer.Fit(balanced).Transform(test);
                        var metrics = ml.BinaryClassification.EvaluateNonCalibrated(scored);
                        var detection = GenAi.MLNet.Metrics.DetectionScores.Compute(scored.GetColumn<float>("Score").ToArray(), scored.GetColumn<bool>("Label").ToArray(), 100);
                        var values = new[] { metrics.AreaUnderRocCurve, detection.AveragePrecision, metrics.F1Score, metrics.PositiveRecall };
                        sums[(method, name)] = sums.TryGetValue((method, name), out var old) ? old.Zip(values, (a, b) => a + b).ToArray() : values;
                    }
                }
            }

            var imbalance = new GenAi.MLNet.Metrics.MetricsTable(
                $"Lending Club bad loans (5.2 %), 70/30 split, mean of {settings.ImbalanceSeeds} splits: the training rows oversampled to 50 % bad", "ROC AUC", "PR AUC", "F1 at 0.5", "recall at 0.5");
            foreach (var name in classifiers)
            {
                foreach (var method in methods)
                {
                    imbalance.Add($"{name} · {method}", sums[(method, name)].Select(v => (double?)(v / settings.ImbalanceSeeds)).ToArray());
                }
            }

            Write(report, imbalance, $"{watch.Elapsed.TotalSeconds:F0} s; generators trained {settings.GeneratorEpochs} epochs on the bad loans of the training rows only (about 360)");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"Total {total.Elapsed.TotalSeconds:F0} s.");
        var complete = AllParts.All(settings.Parts.Contains);
        File.WriteAllText(Path.Combine(results, complete ? "comparisons.md" : "comparisons-partial.md"), report.ToString());
        Console.WriteLine(report);
    }

    private static void Write(StringBuilder report, GenAi.MLNet.Metrics.MetricsTable table, string note)
    {
        report.Append(table.ToMarkdown());
        report.AppendLine();
        report.AppendLine(note);
        report.AppendLine();
        Console.WriteLine(table);
        Console.WriteLine(note);
    }

    private sealed class Email
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }
    }

    private sealed class LoanClass
    {
        public string Class { get; set; } = "";
    }

    private sealed class BoolLabel
    {
        public bool Label { get; set; }
    }

    private sealed class ShuttleClass
    {
        public string Class { get; set; } = "";
    }

    private sealed class AnomalyLabel
    {
        public bool Label { get; set; }
    }
}
