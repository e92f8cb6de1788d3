using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Models.Bayes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Bayes;

public sealed class NaiveBayesTests(ITestOutputHelper output)
{
    /// <summary>
    /// Gaussian naive Bayes on the 8x8 digits (70/30 split): the fitted means are the per-class averages, the
    /// outputs feed ML.NET's multiclass evaluator, and the accuracy reaches the textbook level (scikit-learn's
    /// GaussianNB with var_smoothing 0.1 on min-max digits scores about 0.90; goal ≥ 0.85).
    /// </summary>
    [Fact]
    public void GaussianNaiveBayesClassifiesDigitsAndLearnsClassMeans()
    {
        var ml = new MLContext(1);
        var split = ml.Data.TrainTestSplit(TestData.Digits.ToDataView(), 0.3, seed: 1);
        var model = ml.Generative().NaiveBayes(new NaiveBayesOptions { VarianceSmoothing = 0.1 }).Fit(split.TrainSet);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
        output.WriteLine($"accuracy {metrics.MicroAccuracy:P1}, log-loss {metrics.LogLoss:F3}");
        Assert.True(metrics.MicroAccuracy >= 0.85, $"accuracy {metrics.MicroAccuracy:P1}, goal ≥ 85 %");

        var features = split.TrainSet.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToArray();
        var labels = split.TrainSet.GetColumn<uint>("Label").ToArray();
        var sevens = features.Where((_, i) => labels[i] == 8).ToArray(); // key 8 = class "7"
        var mean = model.ClassMean("7");
        for (var j = 0; j < 64; j++)
        {
            Assert.Equal(sevens.Average(r => (double)r[j]), mean[j], 4);
        }

        Assert.Equal(sevens.Length, model.ClassCounts[7]);
        Assert.Equal(1.0, model.ClassPriors.Sum(), 9);

        // The log evidence is the log-sum-exp of the joint, so each posterior equals exp(joint - evidence).
        var row = features[0];
        var joint = model.ClassLogLikelihoods(row).Select((l, k) => l + Math.Log(model.ClassPriors[k])).ToArray();
        var scored = model.Transform(TestData.Vectors("Features", [row], [1, 8, 8]));
        var evidence = scored.GetColumn<float>("LogLikelihood").Single();
        var posterior = scored.GetColumn<VBuffer<float>>("Score").Single().DenseValues().ToArray();
        for (var k = 0; k < 10; k++)
        {
            Assert.Equal(Math.Exp(joint[k] - evidence), posterior[k], 3);
        }
    }

    /// <summary>
    /// The explanation is the decision: for a binary model the per-feature log-likelihood ratios plus the prior
    /// log-odds add up to the Score (log posterior odds) exactly; Probability is its logistic; the model saves
    /// and loads as one zip with identical outputs, and samples come from the class's Gaussians.
    /// </summary>
    [Fact]
    public void BinaryExplanationsAddUpToTheScoreAndTheModelRoundTrips()
    {
        var ml = new MLContext(2);
        var data = ml.Transforms.CustomMapping<KeyRow, BoolRow>((i, o) => o.IsZero = i.Label == 1, contractName: null)
            .Fit(TestData.Digits.ToDataView()).Transform(TestData.Digits.ToDataView());
        var options = new NaiveBayesOptions { LabelColumnName = "IsZero", VarianceSmoothing = 0.05 };
        var model = ml.Generative().NaiveBayes(options).Fit(data);
        Assert.True(model.IsBinary);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(data), "IsZero");
        Assert.True(metrics.AreaUnderRocCurve > 0.99, $"AUC {metrics.AreaUnderRocCurve:F4}");
        Assert.True(double.IsFinite(metrics.LogLoss), $"log-loss {metrics.LogLoss}: Probability must stay away from exact 0 and 1");

        var rows = data.GetColumn<VBuffer<float>>("Features").Take(5).Select(v => v.DenseValues().ToArray()).ToArray();
        var scores = model.Transform(TestData.Vectors("Features", rows, [1, 8, 8])).GetColumn<float>("Score").ToArray();
        var probabilities = model.Transform(TestData.Vectors("Features", rows, [1, 8, 8])).GetColumn<float>("Probability").ToArray();
        var priorLogOdds = Math.Log(model.ClassPriors[1] / model.ClassPriors[0]);
        for (var r = 0; r < rows.Length; r++)
        {
            var all = model.Explain(rows[r], top: 64).Sum(c => c.LogLikelihoodRatio);
            Assert.Equal(scores[r], all + priorLogOdds, 2);
            Assert.Equal(1 / (1 + Math.Exp(-scores[r])), probabilities[r], 4);
        }

        var path = Path.Combine(Path.GetTempPath(), $"nb-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = ml.Model.Load(path, out _);
            var again = loaded.Transform(TestData.Vectors("Features", rows, [1, 8, 8])).GetColumn<float>("Score").ToArray();
            Assert.Equal(scores, again);
        }
        finally
        {
            File.Delete(path);
        }

        var samples = model.Sample("True", 2000, seed: 3);
        var mean = model.ClassMean("True");
        Assert.InRange(samples.Average(s => s[20]) - mean[20], -0.05, 0.05);
    }

    /// <summary>
    /// The generative text pipeline on SpamAssassin (2,000 emails to fit, 1,000 to test): class-conditional
    /// word n-gram models classify spam at ≥ 95 % accuracy, the explanation names n-grams, and the multinomial
    /// likelihood rejects negative counts naming the column.
    /// </summary>
    [Fact]
    public void MultinomialNaiveBayesFiltersSpamAndExplainsWithNgrams()
    {
        var ml = new MLContext(3);
        var emails = GenAi.MLNet.Data.TextDatasets.SpamAssassin();
        var shuffle = new Random(3); // the file is ordered (ham, then spam); ML.NET's ShuffleRows only shuffles locally here
        var view = ml.Data.LoadFromEnumerable(emails.OrderBy(_ => shuffle.Next()).Select(e => new Email { Text = e.Subject + "\n" + e.Body, Label = e.IsSpam }).ToArray());
        var train = ml.Data.TakeRows(view, 2000);
        var test = ml.Data.TakeRows(ml.Data.SkipRows(view, 2000), 1000);
        var model = ml.Generative().GenerativeTextClassifier("Text").Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        output.WriteLine($"accuracy {metrics.Accuracy:P1}, F1 {metrics.F1Score:F3}, AUC {metrics.AreaUnderRocCurve:F4}");
        Assert.True(metrics.Accuracy >= 0.95, $"accuracy {metrics.Accuracy:P1}, goal ≥ 95 %");

        var bayes = model.LastTransformer;
        var spam = ml.Data.TakeRows(ml.Data.FilterByCustomPredicate<Email>(test, e => !e.Label), 1);
        var reasons = bayes.Explain(model.Transform(spam), top: 5);
        output.WriteLine(string.Join(", ", reasons.Select(r => $"{r.Name} {r.LogLikelihoodRatio:F2}")));
        Assert.Equal(5, reasons.Count);
        Assert.All(reasons, r => Assert.False(int.TryParse(r.Name, out _), $"slot name '{r.Name}' should be an n-gram"));

        var negative = TestData.Vectors("Features", [[1, -1], [0, 2]]);
        var labelled = ml.Transforms.CustomMapping<VectorRow, BoolRow>((i, o) => o.IsZero = i.Features[0] > 0, contractName: null).Fit(negative).Transform(negative);
        var error = Assert.Throws<InvalidOperationException>(() => ml.Generative().NaiveBayes("IsZero", likelihood: NaiveBayesLikelihood.Multinomial).Fit(labelled));
        Assert.Contains("'Features'", error.Message, StringComparison.Ordinal);
        Assert.Contains("never negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadOptionsAndColumnsGetErrorsThatNameThem()
    {
        var ml = new MLContext(4);
        Assert.Contains("Smoothing", Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().NaiveBayes(new NaiveBayesOptions { Smoothing = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("ClassPriors", Assert.Throws<ArgumentException>(() => ml.Generative().NaiveBayes(new NaiveBayesOptions { ClassPriors = [0.5, 0.6] })).Message, StringComparison.Ordinal);
        var digits = TestData.Digits.ToDataView();
        Assert.Contains("'Pixels'", Assert.Throws<ArgumentException>(() => ml.Generative().NaiveBayes(featureColumnName: "Pixels").Fit(digits)).Message, StringComparison.Ordinal);
        Assert.Contains("ClassPriors has 2", Assert.Throws<ArgumentException>(() => ml.Generative().NaiveBayes(new NaiveBayesOptions { ClassPriors = [0.5, 0.5] }).Fit(digits)).Message, StringComparison.Ordinal);
        var one = ml.Data.FilterRowsByKeyColumnFraction(digits, "Label", 0, 0.1); // key 1 only: class "0"
        var single = Assert.Throws<InvalidOperationException>(() => ml.Generative().NaiveBayes().Fit(one));
        Assert.Contains("'Label'", single.Message, StringComparison.Ordinal);
    }

    private sealed class KeyRow
    {
        public uint Label { get; set; }
    }

    private sealed class BoolRow
    {
        public bool IsZero { get; set; }
    }

    private sealed class VectorRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    private sealed class Email
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }
    }
}
