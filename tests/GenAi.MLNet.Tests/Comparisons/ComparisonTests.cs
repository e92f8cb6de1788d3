using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GenAi.MLNet.Comparisons;
using GenAi.MLNet.Data;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Models.Bayes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Comparisons;

[Collection(TorchCollection.Name)]
public sealed class ComparisonTests(ITestOutputHelper output)
{
    private static readonly Lazy<(IDataView Train, IDataView Test)> s_spam = new(() =>
    {
        var ml = new MLContext(5);
        var shuffle = new Random(5); // the file is ordered (ham, then spam); ML.NET's ShuffleRows only shuffles locally here
        var view = ml.Data.LoadFromEnumerable(TextDatasets.SpamAssassin().OrderBy(_ => shuffle.Next()).Select(e => new Email { Text = e.Subject + "\n" + e.Body, Label = e.IsSpam }).ToArray());
        return (ml.Data.Cache(ml.Data.TakeRows(view, 1500)), ml.Data.Cache(ml.Data.TakeRows(ml.Data.SkipRows(view, 1500), 800)));
    });

    /// <summary>
    /// Learning curves on the 8x8 digits: stratified subsets hold every class even at 10 rows for 10 classes,
    /// both models improve with data, and the curve reports the same numbers through its table.
    /// </summary>
    [Fact]
    public void LearningCurvesGrowWithDataAndSubsetsAreStratified()
    {
        var ml = new MLContext(6);
        var split = ml.Data.TrainTestSplit(TestData.Digits.ToDataView(), 0.3, seed: 6);
        var curve = ml.Generative().LearningCurve(split.TrainSet, split.TestSet, new Dictionary<string, IEstimator<ITransformer>>
        {
            ["naive Bayes"] = ml.Generative().NaiveBayes(new NaiveBayesOptions { VarianceSmoothing = 0.1 }),
            ["logistic regression"] = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l1Regularization: 0, l2Regularization: 1),
        }, new LearningCurveOptions { TrainingSizes = [10, 300], Repeats = 2, Seed = 6 });
        output.WriteLine(curve.ToTable().ToString());
        foreach (var model in curve.Models)
        {
            Assert.True(curve.Accuracy(model, 300) > curve.Accuracy(model, 10) + 0.1, $"{model}: {curve.Accuracy(model, 10):P1} at 10 rows, {curve.Accuracy(model, 300):P1} at 300");
            Assert.True(curve.Accuracy(model, 10) > 0.3, $"{model} at 10 rows (one per class): {curve.Accuracy(model, 10):P1}, chance is 10 %");
            Assert.Equal(curve.Accuracy(model, 300), curve.ToTable()["300", model]!.Value, 9);
            Assert.Contains("| 300 |", curve.ToTable().ToMarkdown(), StringComparison.Ordinal);
        }

        var defaults = ml.Generative().LearningCurve(split.TrainSet, split.TestSet,
            new Dictionary<string, IEstimator<ITransformer>> { ["nb"] = ml.Generative().NaiveBayes(new NaiveBayesOptions { VarianceSmoothing = 0.1 }) }, new LearningCurveOptions { Repeats = 1 });
        var trainRows = split.TrainSet.GetColumn<uint>("Label").Count();
        Assert.Equal([10, 20, 50, 100, 200, 500, 1000, trainRows], defaults.Sizes); // 1-2-5 steps from one row per class to all the rows

        var tooMany = Assert.Throws<ArgumentException>(() => ml.Generative().LearningCurve(split.TrainSet, split.TestSet,
            new Dictionary<string, IEstimator<ITransformer>> { ["nb"] = ml.Generative().NaiveBayes() }, new LearningCurveOptions { TrainingSizes = [100_000] }));
        Assert.Contains("TrainingSizes", tooMany.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Spam filtering, 1,500 emails to fit and 800 to test: the traditional pipeline (FeaturizeText + SDCA) and the
    /// generative one (class-conditional n-gram models) both reach ≥ 94 % accuracy and AUC ≥ 0.97; each explains a
    /// decision in n-grams; both pipelines save and load as one zip each with identical scores.
    /// </summary>
    [Fact]
    public void SpamPipelinesCompareExplainAndRoundTrip()
    {
        var ml = new MLContext(7);
        var (train, test) = s_spam.Value;
        var traditional = ml.Generative().TraditionalTextClassifier("Text").Fit(train);
        var generative = ml.Generative().GenerativeTextClassifier("Text").Fit(train);
        var comparison = ml.Generative().CompareClassifiers(test, new Dictionary<string, ITransformer> { ["traditional"] = traditional, ["generative"] = generative });
        output.WriteLine(comparison.ToTable().ToString());
        foreach (var result in comparison.Results)
        {
            Assert.True(result.Accuracy >= 0.94 && result.RocAuc >= 0.97, $"{result.Name}: accuracy {result.Accuracy:P1}, AUC {result.RocAuc:F4}");
        }

        var weights = LinearExplanation.TopWeights(traditional, train.Schema, 10);
        output.WriteLine(string.Join(", ", weights.Select(w => $"{w.Name} {w.Weight:F2}")));
        Assert.Equal(10, weights.Count);
        Assert.All(weights, w => Assert.False(int.TryParse(w.Name, out _), $"'{w.Name}' should be an n-gram"));
        var one = ml.Data.TakeRows(test, 1);
        Assert.NotEmpty(LinearExplanation.Explain(traditional, traditional.Transform(one), 5));
        Assert.Contains("no linear binary predictor", Assert.Throws<ArgumentException>(() => LinearExplanation.TopWeights(generative, train.Schema)).Message, StringComparison.Ordinal);

        foreach (var (name, model) in new[] { ("traditional", traditional), ((string, ITransformer))("generative", generative) })
        {
            var path = Path.Combine(Path.GetTempPath(), $"spam-{name}-{Guid.NewGuid():N}.zip");
            try
            {
                ml.Model.Save(model, train.Schema, path);
                var loaded = new MLContext(8).Model.Load(path, out _);
                Assert.Equal(model.Transform(test).GetColumn<float>("Score").ToArray(), loaded.Transform(test).GetColumn<float>("Score").ToArray());
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>
    /// Detectors on Shuttle (3,000 rows to fit, 1,000 to test; anomalies = every class but Rad.Flow): the
    /// supervised tree ensemble and the unsupervised Gaussian VAE both rank anomalies far above chance.
    /// </summary>
    [Fact]
    public void DetectorsAreComparedOnTheSameRows()
    {
        var ml = new MLContext(9);
        var (train, test) = TabularData.Shuttle.Value;
        var label = ml.Transforms.CustomMapping<ShuttleRow, AnomalyRow>((i, o) => o.Label = i.Class != "Rad.Flow", contractName: null);
        train = label.Fit(train).Transform(train);
        test = label.Fit(test).Transform(test);
        var trees = ml.BinaryClassification.Trainers.LightGbm().Fit(train);
        using var vae = ml.Generative().Vae(new GenAi.MLNet.Models.Autoencoders.VaeOptions { Epochs = 10, LatentDimension = 4, NumberOfThreads = 1 }).Fit(train);
        var comparison = ml.Generative().CompareDetectors([("trees", trees.Transform(test), "Score"), ("vae", vae.Transform(test), "AnomalyScore")], "Label", 50);
        output.WriteLine(comparison.ToTable().ToString());
        Assert.True(comparison["trees"].RocAuc > 0.98, $"trees AUC {comparison["trees"].RocAuc:F3}");
        Assert.True(comparison["vae"].RocAuc > 0.85, $"VAE AUC {comparison["vae"].RocAuc:F3}");
        Assert.Equal(test.GetColumn<bool>("Label").Count(b => b) / 1000.0, comparison["vae"].PositiveRate, 9);
        Assert.Contains("'Class'", Assert.Throws<ArgumentException>(() => ml.Generative().CompareDetectors([("vae", vae.Transform(test), "AnomalyScore")], "Class", 10)).Message, StringComparison.Ordinal);
        Assert.Contains("'Missing' not found", Assert.Throws<ArgumentException>(() => ml.Generative().CompareDetectors([("vae", vae.Transform(test), "Missing")], "Label", 10)).Message, StringComparison.Ordinal);

        // ML.NET's anomaly convention (a Single label, 1 = anomaly) gives the same figures as the Boolean label.
        var single = ml.Transforms.Conversion.ConvertType("LabelSingle", "Label", Microsoft.ML.Data.DataKind.Single).Fit(test).Transform(test);
        var asSingle = ml.Generative().CompareDetectors([("vae", vae.Transform(single), "AnomalyScore")], "LabelSingle", 50);
        Assert.Equal(comparison["vae"].RocAuc, asSingle["vae"].RocAuc, 12);
    }

    /// <summary>
    /// Oversampling Shuttle's anomalies (about a fifth of 3,000 rows) to half the rows: the right number of new rows,
    /// all labelled true; copies are real minority rows; the Gaussian's and the VAE's rows sit near the minority's
    /// mean, not the majority's; bad options and columns are named.
    /// </summary>
    [Fact]
    public void OversamplingAddsMinorityRowsThatLookLikeTheMinority()
    {
        var ml = new MLContext(10);
        var (train, _) = TabularData.Shuttle.Value;
        var data = ml.Data.Cache(ml.Transforms.CustomMapping<ShuttleRow, AnomalyRow>((i, o) => o.Label = i.Class != "Rad.Flow", contractName: null).Fit(train).Transform(train));
        var rows = data.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToArray();
        var labels = data.GetColumn<bool>("Label").ToArray();
        var minority = rows.Where((_, i) => labels[i]).ToArray();
        var majority = rows.Where((_, i) => !labels[i]).ToArray();
        double[] Mean(float[][] r) => Enumerable.Range(0, 9).Select(j => r.Average(x => (double)x[j])).ToArray();
        double Distance(double[] a, double[] b) => Math.Sqrt(a.Zip(b).Sum(p => (p.First - p.Second) * (p.First - p.Second)));
        var (minorityMean, majorityMean) = (Mean(minority), Mean(majority));
        foreach (var method in new[] { OversamplingMethod.Duplicate, OversamplingMethod.Gaussian, OversamplingMethod.Vae })
        {
            var balanced = ml.Generative().Oversample(data, new OversamplingOptions { Method = method, Epochs = 30, Seed = 10 });
            var newLabels = balanced.GetColumn<bool>("Label").ToArray();
            var added = balanced.GetColumn<VBuffer<float>>("Features").Skip(rows.Length).Select(v => v.DenseValues().ToArray()).ToArray();
            Assert.Equal(2 * majority.Length, newLabels.Length);
            Assert.All(newLabels.Skip(rows.Length), Assert.True);
            var mean = Mean(added);
            output.WriteLine($"{method}: {added.Length} rows, distance of their mean to the minority's {Distance(mean, minorityMean):F2}, to the majority's {Distance(mean, majorityMean):F2}");
            Assert.True(Distance(mean, minorityMean) < 0.5 * Distance(mean, majorityMean), $"{method}: synthetic rows should look like the minority");
            if (method == OversamplingMethod.Duplicate)
            {
                Assert.All(added.Take(20), a => Assert.Contains(minority, m => m.SequenceEqual(a)));
            }
        }

        Assert.Equal(rows.Length, ml.Generative().Oversample(data, new OversamplingOptions { Method = OversamplingMethod.None }).GetColumn<bool>("Label").Count());
        Assert.Contains("TargetFraction", Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().Oversample(data, new OversamplingOptions { TargetFraction = 1 })).Message, StringComparison.Ordinal);
        Assert.Contains("'Class'", Assert.Throws<ArgumentException>(() => ml.Generative().Oversample(data, new OversamplingOptions { LabelColumnName = "Class" })).Message, StringComparison.Ordinal);
        var withNaN = new InMemoryDataView.Builder()
            .AddVector("Features", [1, 2, float.NaN, 4, 5, 6], 2)
            .AddBoolean("Label", [false, true, false])
            .Build();
        var nan = Assert.Throws<InvalidOperationException>(() => ml.Generative().Oversample(withNaN, new OversamplingOptions { Method = OversamplingMethod.Gaussian }));
        Assert.Contains("'Features', row 1", nan.Message, StringComparison.Ordinal);
    }

    /// <summary>Average precision and precision at k on a hand-checked ranking.</summary>
    [Fact]
    public void DetectionScoresMatchHandComputation()
    {
        // Ranked: + - + - : precision at the two positives 1/1 and 2/3, so AP = (1 + 2/3) / 2.
        var scores = DetectionScores.Compute([0.9f, 0.8f, 0.7f, 0.6f], [true, false, true, false], 2);
        Assert.Equal((1 + (2.0 / 3)) / 2, scores.AveragePrecision, 12);
        Assert.Equal(0.5, scores.PrecisionAtK, 12);
        Assert.Equal(0.75, scores.RocAuc, 12);
        Assert.Equal(0.5, scores.PositiveRate, 12);

        // Ties form one step: all four tied gives precision 1/2 at full recall.
        Assert.Equal(0.5, DetectionScores.Compute([1f, 1f, 1f, 1f], [true, false, true, false], 1).AveragePrecision, 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => DetectionScores.Compute([1f, 0f], [true, false], 3));
    }

    private sealed class Email
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }
    }

    private sealed class ShuttleRow
    {
        public string Class { get; set; } = "";
    }

    private sealed class AnomalyRow
    {
        public bool Label { get; set; }
    }
}
