using System;
using System.Linq;
using GenAi.MLNet.Models.Boltzmann;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Boltzmann;

[Collection(TorchCollection.Name)]
public sealed class RbmTests(ITestOutputHelper output)
{
    /// <summary>
    /// scikit-learn's "RBM features for digit classification": the 8x8 digits and four one-pixel shifts
    /// (8,985 rows), min-max scaled, 80/20 split; an RBM of 100 hidden units (rate 0.06, 10 epochs, batches of
    /// 10, PCD-1) feeding a logistic regression (C = 6,000) against a logistic regression on raw pixels
    /// (C = 100). ML.NET's L-BFGS adds 0.5 λ‖w‖² to the summed loss, so λ = 1/C; its default L1 term (1) is
    /// switched off, as scikit-learn has none. The example reports 0.94 (weighted F1) with RBM features and
    /// 0.78 on raw pixels; goal ≥ 0.936 accuracy.
    /// </summary>
    [Fact]
    public void RbmFeaturesBeatRawPixelsOnNudgedDigits()
    {
        var ml = new MLContext(seed: 0);
        var nudged = TestData.Digits.Nudged().ToDataView();
        var data = ml.Transforms.NormalizeMinMax("Features").Fit(nudged).Transform(nudged);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var rbm = ml.Generative().Rbm(new RbmOptions { HiddenUnits = 100, NumberOfThreads = 1 })
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "Hidden", l1Regularization: 0, l2Regularization: 1f / 6000));
        var raw = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "Features", l1Regularization: 0, l2Regularization: 1f / 100);
        var model = rbm.Fit(split.TrainSet);
        var rbmAccuracy = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet)).MicroAccuracy;
        var rawAccuracy = ml.MulticlassClassification.Evaluate(raw.Fit(split.TrainSet).Transform(split.TestSet)).MicroAccuracy;
        var scored = model.Transform(split.TestSet);
        var pseudo = scored.GetColumn<float>("PseudoLogLikelihood").Average();
        output.WriteLine($"RBM features: {rbmAccuracy:P1}; raw pixels: {rawAccuracy:P1}; test pseudo-log-likelihood {pseudo:F2} nats ({model.LastTransformer} after {model.First().GetType().Name})");
        Assert.True(rbmAccuracy >= 0.936, $"RBM features + logistic regression: {rbmAccuracy:P1}, goal ≥ 93.6 %.");
        Assert.True(rbmAccuracy > rawAccuracy + 0.1, $"RBM {rbmAccuracy:P1} vs raw pixels {rawAccuracy:P1}.");
        Assert.InRange(pseudo, -30, -15);
    }

    /// <summary>
    /// Annealed importance sampling against the exact log Z of an RBM small enough to enumerate (12 hidden
    /// units: log Z = log Σ_h exp(c·h) Π_i (1 + exp(b_i + W_i·h)) over 4,096 hidden states), and the
    /// held-out log-likelihood it gives, against the pseudo-log-likelihood and the base-rate model.
    /// </summary>
    [Fact]
    public void PartitionFunctionEstimateMatchesExactEnumeration()
    {
        var ml = new MLContext(seed: 1);
        var digits = ml.Data.TrainTestSplit(TestData.Digits.ToDataView(), testFraction: 0.2, seed: 1);
        var rbm = ml.Generative().Rbm(new RbmOptions { HiddenUnits = 12, Epochs = 20, NumberOfThreads = 1 }).Fit(digits.TrainSet);
        var exact = ExactLogZ(rbm);
        var estimate = rbm.EstimateLogPartitionFunction(runs: 100, temperatures: 2_000);
        output.WriteLine($"log Z exact {exact:F3}, AIS {estimate.LogZ:F3} [{estimate.Lower:F3}, {estimate.Upper:F3}]");
        Assert.InRange(estimate.LogZ, exact - 0.5, exact + 0.5);
        Assert.True(estimate.Lower <= exact + 0.5 && estimate.Upper >= exact - 0.5, $"interval [{estimate.Lower}, {estimate.Upper}] vs exact {exact}");

        // log p(v) = -F(v) - log Z on binarised held-out digits is below the pseudo-log-likelihood's "sum of conditionals" but above a model of independent pixels.
        var binary = ml.Transforms.CustomMapping<Pixels, Pixels>((a, b) => b.Features = a.Features.Select(x => x >= 0.5f ? 1f : 0f).ToArray(), null);
        var test = rbm.Transform(binary.Fit(digits.TestSet).Transform(digits.TestSet));
        var logLikelihood = -test.GetColumn<float>("FreeEnergy").Average() - exact;
        var means = rbm.VisibleMeans.Select(m => Math.Clamp(m, 1e-3, 1 - 1e-3)).ToArray();
        var independent = test.GetColumn<float[]>("Features").Average(v => v.Select((x, i) => x > 0.5f ? Math.Log(means[i]) : Math.Log(1 - means[i])).Sum());
        output.WriteLine($"held-out log p(v): RBM {logLikelihood:F2}, independent pixels {independent:F2}, pseudo {test.GetColumn<float>("PseudoLogLikelihood").Average():F2} nats");
        Assert.True(logLikelihood > independent, $"RBM {logLikelihood:F2} vs independent pixels {independent:F2}");
    }

    [Fact]
    public void SamplesAndDeepBeliefNetworkSamplesAreDigitShaped()
    {
        var ml = new MLContext(seed: 2);
        var train = TestData.Digits.Take(1200).ToDataView();
        var dbn = ml.Generative().DeepBeliefNetwork("Features", [64, 32], (o, _) => { o.Epochs = 5; o.NumberOfThreads = 1; }).Fit(train);
        var layers = dbn.OfType<RbmTransformer>().ToArray();
        Assert.Equal(2, layers.Length);
        Assert.Equal(64, layers[1].InputShape.Size);
        var scored = dbn.Transform(train);
        Assert.Equal(32, scored.Schema["Hidden2"].Type.GetValueCount());
        var samples = DeepBeliefNetwork.Sample(dbn, 50, gibbsSteps: 200, seed: 3).GetColumn<float[]>("Features").ToArray();
        Assert.Equal(50, samples.Length);
        Assert.All(samples, s => Assert.Equal(64, s.Length));
        Assert.All(samples.SelectMany(s => s), x => Assert.InRange(x, 0f, 1f));

        // The samples carry the digits' layout: ink in the middle columns, little on the left and right edges.
        double Column(float[][] rows, int x) => rows.Average(r => Enumerable.Range(0, 8).Average(y => r[(y * 8) + x]));
        var rbmSamples = layers[0].Sample(50, gibbsSteps: 200, seed: 4).GetColumn<float[]>("Features").ToArray();
        foreach (var s in new[] { samples, rbmSamples })
        {
            Assert.True(Column(s, 3) > 3 * Column(s, 0), $"middle column {Column(s, 3):F3} vs edge {Column(s, 0):F3}");
        }

        double Spread(float[][] rows) => rows.Take(30).SelectMany((a, i) => rows.Take(30).Skip(i + 1).Select(b => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum()))).Average();
        var data = TestData.Digits.Take(1200).Images();
        output.WriteLine($"mean pairwise distance: data {Spread(data):F2}, RBM samples {Spread(rbmSamples):F2}, DBN samples {Spread(samples):F2}");
        var again = DeepBeliefNetwork.Sample(dbn, 50, gibbsSteps: 200, seed: 3).GetColumn<float[]>("Features").ToArray();
        Assert.Equal(samples.SelectMany(s => s), again.SelectMany(s => s));
        var wrong = Assert.Throws<ArgumentException>(() => DeepBeliefNetwork.Sample(layers.Reverse(), 5));
        Assert.Contains("do not form a stack", wrong.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The DBN's variational bound against the exact log-likelihood, enumerated: a stack of 12 and 8 hidden units on
    /// binarised digits is small enough to sum over all 4,096 states of its first hidden layer. The bound must lie
    /// below the exact value and close to it; with one layer it is the RBM's exact log p(v).
    /// </summary>
    [Fact]
    public void DeepBeliefNetworkBoundIsBelowTheExactLogLikelihoodAndClose()
    {
        var ml = new MLContext(seed: 1);
        var binary = ml.Transforms.CustomMapping<Pixels, Pixels>((a, b) => b.Features = a.Features.Select(x => x >= 0.5f ? 1f : 0f).ToArray(), null);
        var digits = ml.Data.TrainTestSplit(TestData.Digits.ToDataView(), testFraction: 0.2, seed: 1);
        var (train, test) = (binary.Fit(digits.TrainSet).Transform(digits.TrainSet), binary.Fit(digits.TestSet).Transform(digits.TestSet));
        var dbn = ml.Generative().DeepBeliefNetwork("Features", [12, 8], (o, _) => { o.Epochs = 20; o.NumberOfThreads = 1; }).Fit(train);
        var layers = dbn.OfType<RbmTransformer>().ToArray();
        var rows = test.GetColumn<float[]>("Features").ToArray();
        var (exact, topLogZ) = ExactDbnLogLikelihood(layers[0], layers[1], rows);
        var given = new PartitionFunctionEstimate(topLogZ, topLogZ, topLogZ, 1, 0);
        var bound = DeepBeliefNetwork.EstimateLogLikelihoodBound(dbn, test, samples: 20, topLogPartitionFunction: given, seed: 5);
        var estimated = DeepBeliefNetwork.EstimateLogLikelihoodBound(dbn, test, samples: 20, seed: 5);
        output.WriteLine($"held-out: exact log p(v) {exact.Average():F3}, bound {bound.Mean:F3} (AIS log Z {estimated.TopLogPartitionFunction.LogZ:F3} vs exact {topLogZ:F3}: bound {estimated.Mean:F3})");
        Assert.True(bound.Mean <= exact.Average() + 0.1, $"bound {bound.Mean:F3} above the exact {exact.Average():F3}");
        Assert.True(bound.Mean >= exact.Average() - 3, $"bound {bound.Mean:F3} far below the exact {exact.Average():F3}");
        Assert.Equal(rows.Length, bound.Rows.Length);
        Assert.InRange(estimated.Mean, bound.Mean - 0.5, bound.Mean + 0.5);

        // One layer: the bound is the RBM's own log p(v) = −F(v) − log Z.
        var rbmLogZ = ExactLogZ(layers[0]);
        var single = DeepBeliefNetwork.EstimateLogLikelihoodBound([layers[0]], test, topLogPartitionFunction: new PartitionFunctionEstimate(rbmLogZ, rbmLogZ, rbmLogZ, 1, 0));
        var freeEnergy = layers[0].Transform(test).GetColumn<float>(layers[0].Options.FreeEnergyColumnName).ToArray();
        Assert.Equal(1, single.Samples);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(-freeEnergy[i] - rbmLogZ, single.Rows[i], 2);
        }

        var grey = Assert.Throws<ArgumentException>(() => DeepBeliefNetwork.EstimateLogLikelihoodBound(dbn, digits.TestSet, topLogPartitionFunction: given));
        Assert.Contains("'Features'", grey.Message, StringComparison.Ordinal);
        Assert.Contains("binarise", grey.Message, StringComparison.Ordinal);
    }

    /// <summary>log p(v) of a two-layer DBN by summing over every state of h₁, and the top RBM's exact log Z.</summary>
    private static (double[] LogLikelihood, double TopLogZ) ExactDbnLogLikelihood(RbmTransformer bottom, RbmTransformer top, float[][] rows)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var noGrad = TorchSharp.torch.no_grad();
        var hidden = bottom.HiddenUnits;
        var states = TorchSharp.torch.tensor(Enumerable.Range(0, 1 << hidden).SelectMany(s => Enumerable.Range(0, hidden).Select(j => (float)((s >> j) & 1))).ToArray(), [1 << hidden, hidden]).to(TorchSharp.torch.ScalarType.Float64);   // (S, H1)
        var logTop = (-top.Network.FreeEnergy(states.to(TorchSharp.torch.ScalarType.Float32))).to(TorchSharp.torch.ScalarType.Float64);                   // (S): −F₂(h₁)
        var topLogZ = logTop.logsumexp(0).item<double>();
        var z = bottom.Network.VisibleInput(states.to(TorchSharp.torch.ScalarType.Float32)).to(TorchSharp.torch.ScalarType.Float64);                       // (S, V): logits of p(v | h₁)
        var v = TorchSharp.torch.tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]).to(TorchSharp.torch.ScalarType.Float64);        // (N, V)
        var logConditional = v.matmul(z.t()) - TorchSharp.torch.nn.functional.softplus(z).sum(1).unsqueeze(0);                                           // (N, S)
        var logLikelihood = (logConditional + logTop.unsqueeze(0)).logsumexp(1) - topLogZ;                                                                // (N)
        return (logLikelihood.data<double>().ToArray(), topLogZ);
    }

    private static double ExactLogZ(RbmTransformer rbm)
    {
        var w = rbm.Network.Weight.data<float>().ToArray();
        var b = rbm.Network.VisibleBias.data<float>().ToArray();
        var c = rbm.Network.HiddenBias.data<float>().ToArray();
        var (visible, hidden) = (b.Length, c.Length);
        var terms = new double[1 << hidden];
        for (var state = 0; state < terms.Length; state++)
        {
            double t = 0;
            for (var j = 0; j < hidden; j++)
            {
                t += ((state >> j) & 1) * c[j];
            }

            for (var i = 0; i < visible; i++)
            {
                double a = b[i];
                for (var j = 0; j < hidden; j++)
                {
                    a += ((state >> j) & 1) * w[(i * hidden) + j];
                }

                t += Math.Max(a, 0) + Math.Log(1 + Math.Exp(-Math.Abs(a)));
            }

            terms[state] = t;
        }

        var max = terms.Max();
        return max + Math.Log(terms.Sum(t => Math.Exp(t - max)));
    }

    private sealed class Pixels
    {
        [VectorType(64)]
        public float[] Features { get; set; } = [];
    }
}
