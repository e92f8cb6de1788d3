using System;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Data;
using GenAi.MLNet.Layers;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Models;
using GenAi.MLNet.Models.Gan;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenAi.MLNet.Tests.Models.Gan;

[Collection(TorchCollection.Name)]
public class GanTests
{
    [Fact]
    public void Losses_match_their_closed_forms()
    {
        GenerativeRuntime.EnsureLoaded();
        var real = tensor(new[] { 2f, -1f });
        var fake = tensor(new[] { 0.5f, -3f });
        static double Sp(double x) => Math.Log(1 + Math.Exp(x));
        // BCE: mean softplus(-d_real) + mean softplus(d_fake)
        var expectedD = ((Sp(-2) + Sp(1)) / 2) + ((Sp(0.5) + Sp(-3)) / 2);
        Assert.Equal(expectedD, GanLosses.Discriminator(GanLoss.NonSaturating, real, fake).item<float>(), 5);
        Assert.Equal(-(Sp(0.5) + Sp(-3)) / 2, GanLosses.Generator(GanLoss.Minimax, fake).item<float>(), 5);
        Assert.Equal((Sp(-0.5) + Sp(3)) / 2, GanLosses.Generator(GanLoss.NonSaturating, fake).item<float>(), 5);
        Assert.Equal(((0.5 - 3) / 2) - ((2 - 1) / 2.0), GanLosses.Discriminator(GanLoss.WassersteinGp, real, fake).item<float>(), 5);
        // Hinge: mean relu(1 - d_real) + mean relu(1 + d_fake) = (0 + 2)/2 + (1.5 + 0)/2
        Assert.Equal(1.75, GanLosses.Discriminator(GanLoss.Hinge, real, fake).item<float>(), 5);
        // One-sided label smoothing: real target 0.9.
        var smoothed = ((0.1 * Sp(2)) + (0.9 * Sp(-2)) + (0.1 * Sp(-1)) + (0.9 * Sp(1))) / 2;
        Assert.Equal(smoothed + ((Sp(0.5) + Sp(-3)) / 2), GanLosses.Discriminator(GanLoss.NonSaturating, real, fake, 0.9).item<float>(), 5);
    }

    [Fact]
    public void Spectral_normalisation_makes_the_largest_singular_value_one()
    {
        GenerativeRuntime.EnsureLoaded();
        var layer = TorchRandom.Build(3, () => SpectralNormLayer.Linear(30, 20));
        layer.train();
        using (no_grad())
        {
            layer.Weight.mul_(7);
        }

        var x = eye(30);
        for (var i = 0; i < 100; i++)
        {
            using var scope = NewDisposeScope();
            layer.call(x);
        }

        layer.eval();
        using var noGrad = no_grad();
        var effective = layer.call(x) - layer.call(zeros(1, 30));            // rows = W_sn^T applied to the unit vectors
        var sigma = linalg.svdvals(effective).max().item<float>();
        Assert.Equal(1.0, sigma, 3);
        Assert.True(layer.Sigma() > 1, "the raw weight's norm is larger than 1");
    }

    [Fact]
    public void Maxout_takes_the_largest_piece()
    {
        GenerativeRuntime.EnsureLoaded();
        var maxout = TorchRandom.Build(1, () => new Maxout(4, 3, 5, spectralNorm: false));
        using var noGrad = no_grad();
        var x = randn(6, 4);
        var pieces = maxout.named_modules().Select(m => m.module).OfType<TorchSharp.Modules.Linear>().Single().call(x).view(6, 3, 5);
        Assert.True(maxout.call(x).allclose(pieces.amax([2])));
    }

    [Fact]
    public void Mode_coverage_matches_hand_computed_cases()
    {
        var ring = GaussianMixture.Ring(100);
        var atModes = Enumerable.Range(0, 800).Select(i => ring.Means[i % 8].ToArray()).ToList();
        var perfect = ModeCoverage.Compute(atModes, ring.Means, ring.Sigma);
        Assert.Equal((8, 1.0), (perfect.ModesCaptured, perfect.HighQualityFraction));
        Assert.Equal(0, perfect.ReverseKl, 12);

        var collapsed = ModeCoverage.Compute(Enumerable.Repeat(ring.Means[2].ToArray(), 100).ToList(), ring.Means, ring.Sigma);
        Assert.Equal(1, collapsed.ModesCaptured);
        Assert.Equal(Math.Log(8), collapsed.ReverseKl, 12);

        // 2.9 sigma away counts as high quality, 3.1 sigma does not.
        var near = ModeCoverage.Compute([[1 + (2.9f * 0.01f), 0]], ring.Means, ring.Sigma);
        var far = ModeCoverage.Compute([[1 + (3.1f * 0.01f), 0]], ring.Means, ring.Sigma);
        Assert.Equal(1.0, near.HighQualityFraction);
        Assert.Equal(0.0, far.HighQualityFraction);
        Assert.True(double.IsNaN(far.ReverseKl));
    }

    [Fact]
    public void The_mixtures_follow_the_PacGAN_protocol()
    {
        var ring = GaussianMixture.Ring(20_000, seed: 1);
        var grid = GaussianMixture.Grid(20_000, seed: 1);
        Assert.Equal(8, ring.Means.Count);
        Assert.All(ring.Means, m => Assert.Equal(1.0, Math.Sqrt((m[0] * m[0]) + (m[1] * m[1])), 5));
        Assert.Equal(25, grid.Means.Count);
        Assert.Equal(0.05, grid.Sigma);
        // The real data itself scores as expected: every mode, ~99.7 % within 3 sigma, near-uniform.
        var scores = ModeCoverage.Compute(ring.Points.Take(2500).ToList(), ring.Means, ring.Sigma);
        Assert.Equal(8, scores.ModesCaptured);
        Assert.InRange(scores.HighQualityFraction, 0.98, 1.0);
        Assert.InRange(scores.ReverseKl, 0, 0.01);
    }

    [Fact]
    public void A_conditional_GAN_generates_the_requested_classes_and_names_them()
    {
        var gan = new MLContext(1).Generative().Gan(new GanOptions
        {
            LabelColumnName = "Label", Epochs = 2, NoiseDimension = 8, GeneratorHiddenSizes = [32], DiscriminatorHiddenSizes = [32],
        }).Fit(TestData.Digits.Take(600).ToDataView());
        var generated = gan.Generate(30, className: "4");
        Assert.All(generated.GetColumn<uint>("Label"), k => Assert.Equal(5u, k));
        VBuffer<ReadOnlyMemory<char>> names = default;
        generated.Schema["Label"].GetKeyValues(ref names);
        Assert.Equal("4", names.DenseValues().ElementAt(4).ToString());
        Assert.All(gan.GenerateForKey(5, key: 5).GetColumn<uint>("Label"), k => Assert.Equal(5u, k));
        Assert.Contains("'10'", Assert.Throws<ArgumentException>(() => gan.Generate(3, className: "10")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => gan.GenerateForKey(3, key: 11));
        var (_, cycled) = gan.GenerateArrays(20);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i % 10), cycled!);

        // Given noise: one row per vector; the same vector and class give the same row, another class another row.
        var noise = LatentSpace.Normal(2, gan.NoiseDimension, seed: 3);
        var rows = gan.GenerateFromNoise([noise[0], noise[0], noise[0], noise[1]], ["4", "4", "7", "4"]);
        Assert.Equal(4, rows.Length);
        Assert.Equal(rows[0], rows[1]);
        Assert.NotEqual(rows[0], rows[2]);
        Assert.NotEqual(rows[0], rows[3]);
        Assert.Contains("NoiseDimension", Assert.Throws<ArgumentException>(() => gan.GenerateFromNoise([new float[3]])).Message, StringComparison.Ordinal);
        Assert.Contains("classNames", Assert.Throws<ArgumentException>(() => gan.GenerateFromNoise(noise, ["4"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Latent_paths_follow_the_sphere_and_arithmetic_adds_directions()
    {
        var z = LatentSpace.Normal(2, 64, seed: 1);
        var arc = LatentSpace.Interpolate(z[0], z[1], 9);
        var line = LatentSpace.Interpolate(z[0], z[1], 9, spherical: false);
        Assert.Equal(z[0], arc[0]);
        Assert.All(z[1].Zip(arc[^1]), p => Assert.Equal(p.First, p.Second, 5));
        static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));
        Assert.InRange(Norm(arc[4]) / Math.Sqrt(Norm(z[0]) * Norm(z[1])), 0.95, 1.05);   // stays at the typical radius
        Assert.InRange(Norm(line[4]) / Math.Sqrt(Norm(z[0]) * Norm(z[1])), 0.6, 0.8);    // the line's middle cuts inside (about 1/sqrt 2)
        Assert.Equal([2f, 3f], LatentSpace.Add([1f, 1f], [3f, 4f], [1f, 0f], scale: 0.5));
        Assert.Equal([2f, 3f], LatentSpace.Mean([[1f, 2f], [3f, 4f]]));
        Assert.Throws<ArgumentException>(() => LatentSpace.Interpolate([1f], [1f, 2f], 3));
    }

    [Fact]
    public void A_numeric_label_is_a_class_by_value_however_large()
    {
        // One label of 1e9 used to allocate a billion classes (24 GB); its distinct values are the classes.
        var rows = TestData.ReadColumns(TestData.Digits.Take(200).ToDataView(), "Features").ToArray();
        var data = new InMemoryDataView.Builder()
            .AddVector("Features", rows.SelectMany(r => r).ToArray(), 64, [1, 8, 8])
            .AddScalar("Label", rows.Select((_, i) => i % 2 == 0 ? 1e9f : 7f).ToArray())
            .Build();
        var gan = new MLContext(1).Generative().Gan(new GanOptions
        {
            LabelColumnName = "Label", Epochs = 1, NoiseDimension = 4, GeneratorHiddenSizes = [16], DiscriminatorHiddenSizes = [16],
        }).Fit(data);
        Assert.Equal(["7", "1000000000"], gan.ClassNames.ToArray());
        Assert.All(gan.Generate(4, className: "1000000000").GetColumn<uint>("Label"), k => Assert.Equal(2u, k));
        var scores = gan.Transform(data).GetColumn<float>("Realness").ToArray();
        Assert.All(scores, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void A_column_with_too_many_distinct_values_is_not_taken_for_classes()
    {
        var rows = TestData.ReadColumns(TestData.Digits.Take(300).ToDataView(), "Features").ToArray();
        var data = new InMemoryDataView.Builder()
            .AddVector("Features", rows.SelectMany(r => r).ToArray(), 64, [1, 8, 8])
            .AddScalar("Label", rows.Select((_, i) => (float)i).ToArray())
            .Build();
        var e = Assert.ThrowsAny<ArgumentException>(() => new MLContext(1).Generative().Gan(new GanOptions { LabelColumnName = "Label", MaxClasses = 100 }).Fit(data));
        Assert.Contains("'Label'", e.Message, StringComparison.Ordinal);
        Assert.Contains("MaxClasses", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_continuous_label_is_not_taken_for_classes()
    {
        // 300 rows with 300 distinct real values (a regression target) used to become 300 classes.
        var rows = TestData.ReadColumns(TestData.Digits.Take(300).ToDataView(), "Features").ToArray();
        var data = new InMemoryDataView.Builder()
            .AddVector("Features", rows.SelectMany(r => r).ToArray(), 64, [1, 8, 8])
            .AddScalar("Label", rows.Select((_, i) => (i * 3.7f) - 930.25f).ToArray())
            .Build();
        var e = Assert.Throws<InvalidOperationException>(() => new MLContext(1).Generative().Gan(new GanOptions { LabelColumnName = "Label" }).Fit(data));
        Assert.Contains("Label column 'Label', row 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("whole number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_outside_the_generators_range_is_reported_by_name()
    {
        var rows = TestData.ReadColumns(TestData.Digits.Take(100).ToDataView(), "Features").Select(r => r.Select(v => v * 16).ToArray()).ToArray();
        var e = Assert.Throws<InvalidOperationException>(() => new MLContext(1).Generative()
            .Gan(new GanOptions { OutputActivation = GanOutputActivation.Sigmoid, Epochs = 1 }).Fit(TestData.Vectors("Features", rows)));
        Assert.Contains("'Features', row 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("sigmoid", e.Message, StringComparison.Ordinal);
        var automatic = new MLContext(1).Generative().Gan(new GanOptions { Epochs = 1, NoiseDimension = 4, GeneratorHiddenSizes = [16], DiscriminatorHiddenSizes = [16] })
            .Fit(TestData.Vectors("Features", rows));
        Assert.Equal(GanOutputActivation.None, automatic.Options.OutputActivation);
    }

    [Fact]
    public void A_scalar_where_a_vector_is_expected_is_reported_by_name()
    {
        var data = new InMemoryDataView.Builder().AddScalar("Features", new float[100]).Build();
        var e = Assert.ThrowsAny<ArgumentException>(() => new MLContext(1).Generative().Gan().Fit(data));
        Assert.Contains("'Features' is a scalar", e.Message, StringComparison.Ordinal);
        Assert.Contains("Concatenate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_options_name_the_option()
    {
        var ml = new MLContext(1);
        Assert.Contains("Pack", Assert.ThrowsAny<ArgumentException>(() => ml.Generative().Gan(new GanOptions { BatchSize = 65, Pack = 2 })).Message, StringComparison.Ordinal);
        Assert.Contains("ValidationFraction", Assert.ThrowsAny<ArgumentException>(() => ml.Generative().Gan(new GanOptions { ValidationFraction = 0.1 })).Message, StringComparison.Ordinal);
        Assert.Contains("RealLabel", Assert.ThrowsAny<ArgumentException>(() => ml.Generative().Gan(new GanOptions { RealLabel = 1.5 })).Message, StringComparison.Ordinal);
        Assert.Contains("CriticSteps", Assert.ThrowsAny<ArgumentException>(() => ml.Generative().Gan(new GanOptions { CriticSteps = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("GradientAccumulationSteps", Assert.ThrowsAny<ArgumentException>(() => ml.Generative().Gan(new GanOptions { GradientAccumulationSteps = 2 })).Message, StringComparison.Ordinal);
    }
}
