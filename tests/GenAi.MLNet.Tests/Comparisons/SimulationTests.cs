using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Comparisons;
using GenAi.MLNet.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Comparisons;

[Collection(TorchCollection.Name)]
public sealed class SimulationTests(ITestOutputHelper output)
{
    /// <summary>The credit data as a user prepares it: label from Status, NaN replaced, text one-hot, features standardised; a 75/25 split.</summary>
    private static readonly Lazy<(IDataView Train, IDataView Test)> s_credit = new(() =>
    {
        var ml = new MLContext(3);
        var raw = TabularDatasets.Credit(ml);
        var prep = ml.Transforms.Expression("Label", "s => s == \"bad\"", "Status")
            .Append(ml.Transforms.ReplaceMissingValues(TabularDatasets.CreditNumeric.Select(n => new InputOutputColumnPair(n)).ToArray()))
            .Append(ml.Transforms.Categorical.OneHotEncoding(TabularDatasets.CreditCategorical.Select(n => new InputOutputColumnPair(n)).ToArray()))
            .Append(ml.Transforms.Concatenate("Features", TabularDatasets.CreditNumeric.Concat(TabularDatasets.CreditCategorical).ToArray()))
            .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false));
        var split = ml.Data.TrainTestSplit(raw, 0.25, seed: 3);
        var fitted = prep.Fit(split.TrainSet);
        return (ml.Data.Cache(fitted.Transform(split.TrainSet)), ml.Data.Cache(fitted.Transform(split.TestSet)));
    });

    /// <summary>The credit data loads as the provenance says: 4,454 rows, 28 % bad, NA read as NaN.</summary>
    [Fact]
    public void CreditDataLoadsWithMissingValuesAsNaN()
    {
        var ml = new MLContext(1);
        var raw = TabularDatasets.Credit(ml);
        var status = raw.GetColumn<ReadOnlyMemory<char>>("Status").Select(s => s.ToString()).ToArray();
        Assert.Equal(4454, status.Length);
        Assert.InRange(status.Count(s => s == "bad") / (double)status.Length, 0.27, 0.29);
        Assert.Contains(raw.GetColumn<float>("Income"), float.IsNaN);
    }

    /// <summary>
    /// Synthesis keeps the row count and each class's share; copies are caught by the privacy check (every row an exact copy,
    /// all too close) while independent Gaussians are not copies yet still train a useful classifier on real rows.
    /// </summary>
    [Fact]
    public void CopiesFailThePrivacyCheckAndGaussianRowsAreUsefulButNotCopies()
    {
        var ml = new MLContext(4);
        var (train, test) = s_credit.Value;
        var realLabels = train.GetColumn<bool>("Label").ToArray();
        var sets = new Dictionary<string, IDataView>();
        foreach (var method in new[] { SynthesisMethod.Copy, SynthesisMethod.Gaussian })
        {
            var synthetic = ml.Generative().Synthesize(train, new SyntheticDataOptions { Method = method, Rows = 2000 });
            var labels = synthetic.GetColumn<bool>("Label").ToArray();
            Assert.Equal(2000, labels.Length);
            Assert.Equal(realLabels.Count(l => l) / (double)realLabels.Length, labels.Count(l => l) / 2000.0, 2);
            sets[method.ToString()] = synthetic;
        }

        var comparison = ml.Generative().CompareSyntheticData(train, test, sets, ml.BinaryClassification.Trainers.LbfgsLogisticRegression(l1Regularization: 0));
        output.WriteLine(comparison.ToTable().ToMarkdown());
        var copy = comparison.Privacy.Single(p => p.Name == "Copy");
        var gaussian = comparison.Privacy.Single(p => p.Name == "Gaussian");
        Assert.Equal(1, copy.ExactCopies);
        Assert.Equal(1, copy.FractionTooClose);
        Assert.Equal(0, gaussian.ExactCopies);
        Assert.True(gaussian.FractionTooClose < 0.05, $"Gaussian rows too close: {gaussian.FractionTooClose}");
        Assert.True(gaussian.MedianSynthetic > gaussian.MedianHoldout, "independent Gaussians lie off the real rows' manifold");
        var real = comparison.Classifiers["real"].RocAuc;
        Assert.InRange(real, 0.8, 0.9);
        Assert.InRange(comparison.Classifiers["Copy"].RocAuc, real - 0.02, real + 0.02);
        Assert.InRange(comparison.Classifiers["Gaussian"].RocAuc, 0.75, real);
    }

    /// <summary>Bad input is named: a non-Boolean label, a synthetic set of another width, the reserved name, a bad option.</summary>
    [Fact]
    public void BadInputNamesTheColumnOrOption()
    {
        var ml = new MLContext(5);
        var (train, test) = s_credit.Value;
        var e = Assert.Throws<ArgumentException>(() => ml.Generative().Synthesize(train, new SyntheticDataOptions { LabelColumnName = "Features" }));
        Assert.Contains("'Features'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Rows", Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().Synthesize(train, new SyntheticDataOptions { Rows = 0 })).Message, StringComparison.Ordinal);
        var narrow = new InMemoryDataView.Builder().AddVector("Features", new float[6], 3, [3]).AddBoolean("Label", [true, false]).Build();
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression();
        e = Assert.Throws<ArgumentException>(() => ml.Generative().CompareSyntheticData(train, test, new Dictionary<string, IDataView> { ["small"] = narrow }, trainer));
        Assert.Contains("synthetic[\"small\"]", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => ml.Generative().CompareSyntheticData(train, test, new Dictionary<string, IDataView> { ["real"] = train }, trainer));
        Assert.Contains("'real'", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Many classes through a key label (the digits): every class keeps its share and its name, and augmentation puts
    /// the real rows first, then the synthetic ones.
    /// </summary>
    [Fact]
    public void KeyLabelsKeepClassNamesAndAugmentAppendsSyntheticRows()
    {
        var ml = new MLContext(6);
        var digits = TestData.Digits.Take(300);
        var synthetic = ml.Generative().Synthesize(digits.ToDataView(), new SyntheticDataOptions { Method = SynthesisMethod.Gaussian, Rows = 600 });
        var keys = synthetic.GetColumn<uint>("Label").ToArray();
        VBuffer<ReadOnlyMemory<char>> names = default;
        synthetic.Schema["Label"].GetKeyValues(ref names);
        Assert.Equal(digits.ClassNames, names.DenseValues().Select(n => n.ToString()));
        Assert.Equal(600, keys.Length);
        for (var c = 0; c < 10; c++)
        {
            var real = digits.Labels.Count(l => l == c) / 300.0;
            Assert.InRange(keys.Count(k => k == c + 1) / 600.0, real - 0.01, real + 0.01);
        }

        Assert.Equal(64, synthetic.Schema["Features"].Type.GetValueCount());
        var augmented = ml.Generative().Augment(digits.ToDataView(), new SyntheticDataOptions { Method = SynthesisMethod.Gaussian, Rows = 100 });
        var rows = augmented.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToArray();
        Assert.Equal(400, rows.Length);
        Assert.Equal(digits.Image(0), rows[0]);
        Assert.Equal(digits.Image(299), rows[299]);
        // A GAN per class: images in [0, 1] come back in [0, 1] (its sigmoid output), each class its share.
        var ganRows = ml.Generative().Synthesize(digits.ToDataView(), new SyntheticDataOptions { Method = SynthesisMethod.Gan, Rows = 100, Epochs = 3 });
        Assert.Equal(100, ganRows.GetColumn<uint>("Label").Count());
        Assert.All(ganRows.GetColumn<VBuffer<float>>("Features").SelectMany(v => v.DenseValues()), v => Assert.InRange(v, 0f, 1f));

        var bad = new InMemoryDataView.Builder().AddVector("Features", new float[6], 3, [3]).AddScalar("Label", [1f, 2f]).Build();
        Assert.Contains("MapValueToKey", Assert.Throws<ArgumentException>(() => ml.Generative().Synthesize(bad)).Message, StringComparison.Ordinal);
    }
}

