using System;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Flows;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Flows;

[Collection(TorchCollection.Name)]
public sealed class RealNvpTests(ITestOutputHelper output)
{
    /// <summary>
    /// The keras RealNVP example's protocol: 3,000 two-moons points (noise 0.05), standardised, the last 20 %
    /// held out; 6 coupling layers with 4 hidden layers of 256. The example trains 300 epochs at 1e-4 (here:
    /// 123 s, held-out 1.272; but 1.36 with 2 hidden layers, and 1.50/1.54/1.22 over three seeds at 1e-3 in
    /// batches of 256 — too few steps); this test trains 60 epochs in batches of 64 at 1e-3 with cosine decay
    /// to 1e-5 and the default gradient clipping (four seeds: 1.219, 1.203, 1.197, 1.220; 45 s; the last one
    /// stalled at 1.465 without clipping). Goal: held-out NLL ≤ 1.30 nats per point
    /// (standardised units); a Gaussian fitted to the same data scores 2.84 (two standard normals).
    /// </summary>
    [Fact]
    public void TwoMoonsHeldOutNllMeetsTheKerasExample()
    {
        var ml = new MLContext(seed: 0);
        var moons = TwoMoons.Generate(3000, 0.05, seed: 0);
        var data = ml.Data.Cache(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false).Fit(moons).Transform(moons));
        var (train, validation) = (ml.Data.TakeRows(data, 2400), ml.Data.SkipRows(data, 2400));
        var flow = ml.Generative().RealNvp(new RealNvpOptions
        {
            HiddenSizes = [256, 256, 256, 256],
            BatchSize = 64,
            LearningRate = 1e-3,
            LearningRateSchedule = LearningRateSchedule.WarmupCosine,
            MinLearningRateFraction = 0.01,
            Epochs = 60,
            NumberOfThreads = 1,
        }).Fit(train);
        var nll = -flow.Transform(validation).GetColumn<float>("LogLikelihood").Average();
        var gaussian = Math.Log(2 * Math.PI) + 1;
        output.WriteLine($"held-out NLL {nll:F3} nats (Gaussian {gaussian:F3}); {flow.History.TotalSeconds:F0} s");
        Assert.True(nll <= 1.30, $"held-out NLL {nll:F3} nats, goal ≤ 1.30");

        // Samples land on the moons: their distance to the nearest training point is like the held-out points'.
        var points = train.GetColumn<float[]>("Features").ToArray();
        double Nearest(float[] p) => points.Min(q => Math.Sqrt(((p[0] - q[0]) * (p[0] - q[0])) + ((p[1] - q[1]) * (p[1] - q[1]))));
        var samples = flow.Sample(300, seed: 1).GetColumn<float[]>("Features").ToArray();
        var held = validation.GetColumn<float[]>("Features").Take(300).ToArray();
        var (sampleDistance, heldDistance) = (samples.Average(Nearest), held.Average(Nearest));
        output.WriteLine($"mean distance to the nearest training point: samples {sampleDistance:F3}, held-out {heldDistance:F3}");
        Assert.True(sampleDistance < 2 * heldDistance, $"samples {sampleDistance:F3} vs held-out {heldDistance:F3}");
    }

    /// <summary>
    /// The 8x8 digits (17 grey levels, dequantised): held-out NLL in nats per image against independent pixels
    /// (each pixel's 17-level histogram, add-one smoothed), and the latent image of held-out digits close to N(0, I).
    /// 1,437 training images overfit a flow quickly (8 couplings of [256, 256] for 100 epochs: train 67, test 128
    /// nats); early stopping on a tenth of them keeps it honest.
    /// </summary>
    [Fact]
    public void DigitsNllBeatsIndependentPixels()
    {
        var ml = new MLContext(seed: 1);
        var split = TestData.Digits.Split(ml, 1437, 0, 360, seed: 1);
        var flow = ml.Generative().RealNvp(new RealNvpOptions
        {
            Epochs = 300,
            BatchSize = 64,
            CouplingLayers = 8,
            HiddenSizes = [128],
            LearningRate = 1e-3,
            DequantizationLevels = 17,
            ValidationFraction = 0.1,
            EarlyStoppingPatience = 10,
            NumberOfThreads = 1,
        })
            .Fit(split.Train.ToDataView());
        var scored = flow.Transform(split.Test.ToDataView());
        var nll = -scored.GetColumn<float>("LogLikelihood").Average();
        var counts = new double[64, 17];
        foreach (var image in split.Train.Images())
        {
            for (var i = 0; i < 64; i++)
            {
                counts[i, (int)Math.Round(image[i] * 16)]++;
            }
        }

        var independent = -split.Test.Images().Average(image => Enumerable.Range(0, 64).Sum(i => Math.Log((counts[i, (int)Math.Round(image[i] * 16)] + 1) / (split.Train.Count + 17.0))));
        var latent = scored.GetColumn<float[]>("Latent").SelectMany(z => z).ToArray();
        var (mean, sd) = (latent.Average(), Math.Sqrt(latent.Average(z => z * z) - Math.Pow(latent.Average(), 2)));
        output.WriteLine($"held-out NLL {nll:F1} nats/image ({nll / 64 / Math.Log(2):F3} bits/pixel) vs independent pixels {independent:F1}; latent mean {mean:F3} sd {sd:F3}; {flow.History.TotalSeconds:F0} s");
        Assert.True(nll < independent - 8, $"flow {nll:F1} vs independent pixels {independent:F1} nats/image");
        Assert.InRange(mean, -0.3, 0.3);
        Assert.InRange(sd, 0.7, 1.5);
        var samples = flow.Sample(20, seed: 2).GetColumn<float[]>("Features").ToArray();
        Assert.All(samples.SelectMany(s => s), x => Assert.True(Math.Abs((x * 16) - Math.Round(x * 16)) < 1e-4 && x >= 0 && x <= 1));
    }

    /// <summary>The log-likelihood as an anomaly score on Shuttle: trained on normal (Rad.Flow) rows, anomalies are every other class.</summary>
    [Fact]
    public void LogLikelihoodIsAnAnomalyScore()
    {
        var ml = new MLContext(seed: 2);
        var (train, test) = TabularData.Shuttle.Value;
        var normal = ml.Data.FilterByCustomPredicate<ClassRow>(train, r => r.Class != "Rad.Flow");
        var flow = ml.Generative().RealNvp(new RealNvpOptions { Epochs = 40, LearningRate = 1e-3, HiddenSizes = [64, 64], NumberOfThreads = 1 }).Fit(normal);
        var scored = flow.Transform(test);
        var scores = scored.GetColumn<float>("AnomalyScore").ToArray();
        var anomalies = scored.GetColumn<string>("Class").Select(c => c != "Rad.Flow").ToArray();
        var auc = Auc(scores, anomalies);
        output.WriteLine($"anomaly AUC {auc:F3} ({anomalies.Count(a => a)} anomalies of {anomalies.Length})");
        Assert.True(auc > 0.95, $"AUC {auc:F3}");
    }

    /// <summary>
    /// A skewed, zero-inflated table of whole numbers (the credit applicants' nine numeric columns: Debt is 0 for 84 %,
    /// Assets for 35 %): with the defaults every sample is a whole number within the training range and the
    /// marginals follow the held-out rows far better than the plain flow's: here (50 epochs, MLP 128-128, 12 s for
    /// both) mean Kolmogorov–Smirnov distance 0.100 against 0.174, Debt zeros 65 % against 0 % (held out 84 %); with
    /// 100 epochs and the default MLP 0.087 against 0.210, Debt zeros 75 %, plain samples outside the range in up
    /// to 19 % of a column.
    /// </summary>
    [Fact]
    public void A_skewed_table_of_whole_numbers_gets_whole_numbers_in_range_and_its_zeros()
    {
        var ml = new MLContext(seed: 1);
        var numeric = TabularDatasets.CreditNumeric;
        var raw = ml.Data.FilterRowsByMissingValues(TabularDatasets.Credit(ml), numeric);
        var split = ml.Data.TrainTestSplit(ml.Transforms.Concatenate("Features", numeric).Fit(raw).Transform(raw), 0.2, seed: 1);
        var train = split.TrainSet.GetColumn<float[]>("Features").ToArray();
        var test = split.TestSet.GetColumn<float[]>("Features").ToArray();
        RealNvpOptions Options() => new() { Epochs = 50, LearningRate = 1e-3, HiddenSizes = [128, 128], NumberOfThreads = 1 };
        var flow = ml.Generative().RealNvp(Options()).Fit(split.TrainSet);
        var plainOptions = Options();
        (plainOptions.DequantizeWholeNumbers, plainOptions.LogTransformSkewness, plainOptions.ClampSamples) = (false, null, false);
        var plain = ml.Generative().RealNvp(plainOptions).Fit(split.TrainSet);
        Assert.Equal(Enumerable.Range(0, 9), flow.WholeNumberValues);
        Assert.Equal(new[] { 4, 5, 6, 8 }, flow.LogTransformedValues);   // Income, Assets, Debt, Price
        Assert.Empty(plain.WholeNumberValues);

        var samples = flow.Sample(2000, seed: 5).GetColumn<float[]>("Features").ToArray();
        var plainSamples = plain.Sample(2000, seed: 5).GetColumn<float[]>("Features").ToArray();
        double MeanKs(float[][] rows) => Enumerable.Range(0, 9).Average(j => Ks(rows.Select(r => r[j]).ToArray(), test.Select(r => r[j]).ToArray()));
        var (ks, plainKs) = (MeanKs(samples), MeanKs(plainSamples));
        var debtZeros = samples.Count(r => r[6] == 0) / (double)samples.Length;
        output.WriteLine($"mean KS {ks:F3} (plain {plainKs:F3}); Debt zeros {debtZeros:P0} (held out {test.Count(r => r[6] == 0) / (double)test.Length:P0}, plain {plainSamples.Count(r => r[6] == 0) / 2000.0:P0})");
        for (var j = 0; j < 9; j++)
        {
            var (min, max) = (train.Min(r => r[j]), train.Max(r => r[j]));
            Assert.All(samples, r => Assert.True(r[j] >= min && r[j] <= max && r[j] == MathF.Floor(r[j]), $"{numeric[j]} = {r[j]} outside [{min}, {max}] or not whole"));
        }

        Assert.True(plainSamples.Any(r => r[6] < 0), "the plain flow gives negative debts");
        Assert.True(ks < 0.15 && ks < plainKs - 0.03, $"mean KS {ks:F3}, plain {plainKs:F3}");
        Assert.True(debtZeros > 0.5, $"Debt zeros {debtZeros:P0}");
        var heldOut = flow.Transform(split.TestSet).GetColumn<float>("LogLikelihood").ToArray();
        Assert.All(heldOut, v => Assert.True(float.IsFinite(v)));
    }

    /// <summary>The two-sample Kolmogorov–Smirnov distance: the largest gap between the empirical CDFs.</summary>
    private static double Ks(float[] a, float[] b)
    {
        Array.Sort(a);
        Array.Sort(b);
        double gap = 0;
        foreach (var v in a.Concat(b))
        {
            var fa = UpperBound(a, v) / (double)a.Length;
            var fb = UpperBound(b, v) / (double)b.Length;
            gap = Math.Max(gap, Math.Abs(fa - fb));
        }

        return gap;
    }

    private static int UpperBound(float[] sorted, float v)
    {
        var (lo, hi) = (0, sorted.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            (lo, hi) = sorted[mid] <= v ? (mid + 1, hi) : (lo, mid);
        }

        return lo;
    }

    private static double Auc(float[] scores, bool[] positive)
    {
        var pairs = scores.Zip(positive).OrderBy(p => p.First).ToArray();
        double rankSum = 0;
        for (var i = 0; i < pairs.Length; i++)
        {
            if (pairs[i].Second)
            {
                rankSum += i + 1;
            }
        }

        var (p, n) = (positive.Count(b => b), positive.Count(b => !b));
        return (rankSum - (p * (p + 1) / 2.0)) / ((double)p * n);
    }

    private sealed class ClassRow
    {
        public string Class { get; set; } = "";
    }
}
