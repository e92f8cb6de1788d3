using System;
using System.Linq;
using GenAi.MLNet.Models.Autoencoders;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Autoencoders;

[Collection(TorchCollection.Name)]
public class VaeTests(ITestOutputHelper output)
{
    private static readonly Lazy<(VaeTransformer Model, IDataView Test)> s_mnistVae = new(() =>
    {
        var ml = new MLContext(seed: 1);
        var split = TestData.Mnist.Split(ml, 8000, 0, 500);
        var model = ml.Generative().Vae(new VaeOptions { Epochs = 10, Seed = 1 }).Fit(split.Train.ToDataView());
        return (model, split.Test.ToDataView());
    });

    [Fact]
    public void Elbo_on_MNIST_improves_well_past_its_untrained_value()
    {
        var ml = new MLContext(seed: 1);
        var split = TestData.Mnist.Split(ml, 8000, 0, 500);
        // One step at a vanishing learning rate leaves the initial weights: the untrained reference.
        var untrained = ml.Generative().Vae(new VaeOptions { Epochs = 1, BatchSize = 8000, LearningRate = 1e-12, Seed = 1 }).Fit(split.Train.ToDataView());
        var before = untrained.Transform(split.Test.ToDataView()).GetColumn<float>("NegativeElbo").Average();
        var (model, test) = s_mnistVae.Value;
        var after = model.Transform(test).GetColumn<float>("NegativeElbo").Average();
        output.WriteLine($"test -ELBO untrained {before:F1} nats, after 10 epochs on 8,000 images {after:F1} nats; {model.History}");
        Assert.InRange(before, 500, 600); // 784 * ln 2 = 543 nats for p = 1/2 everywhere
        Assert.True(after < 0.3 * before, $"test -ELBO {after} should fall below 30 % of the untrained {before}");
        Assert.True(model.History.Epochs[^1].TrainLoss < model.History.Epochs[0].TrainLoss);
    }

    [Fact]
    public void PredictionEngine_matches_Transform()
    {
        var (model, test) = s_mnistVae.Value;
        var ml = new MLContext(1);
        var engine = ml.Model.CreatePredictionEngine<ImageRow, VaeRow>(model);
        var rows = TestData.ReadColumns(test, "Features").Take(5).ToList();
        var expected = TestData.ReadColumns(model.Transform(test), "Latent", "NegativeElbo", "AnomalyScore").Take(5).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var prediction = engine.Predict(new ImageRow { Features = rows[i] });
            Assert.Equal(prediction.AnomalyScore > model.AnomalyThreshold, prediction.IsAnomaly);
            float[] actual = [.. prediction.Latent, prediction.NegativeElbo, prediction.AnomalyScore];
            // One row at a time may take other CPU kernels than a batch of 256: equal to float rounding.
            Assert.All(expected[i].Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-3f));
        }
    }

    [Fact]
    public void Encode_and_Decode_agree_with_Transform()
    {
        var (model, test) = s_mnistVae.Value;
        var codes = model.Encode(test);
        var transformed = TestData.ReadColumns(model.Transform(test), "Latent");
        Assert.Equal(transformed[0], codes[0]);
        var decoded = model.Decode(codes.Take(3).ToArray());
        var reconstructions = TestData.ReadColumns(model.Transform(test), "Reconstruction");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(reconstructions[i].Length, decoded[i].Length);
            Assert.True(reconstructions[i].Zip(decoded[i]).All(p => Math.Abs(p.First - p.Second) < 1e-5f));
        }
    }

    [Fact]
    public void Sampling_is_seeded_and_keeps_the_image_shape()
    {
        var (model, _) = s_mnistVae.Value;
        var a = model.Sample(16, seed: 3);
        var b = model.Sample(16, seed: 3);
        var c = model.Sample(16, seed: 4);
        var type = (VectorDataViewType)a.Schema["Features"].Type;
        Assert.Equal([1, 28, 28], type.Dimensions.ToArray());
        var va = TestData.ReadColumns(a, "Features").SelectMany(r => r).ToArray();
        Assert.Equal(va, TestData.ReadColumns(b, "Features").SelectMany(r => r).ToArray());
        Assert.NotEqual(va, TestData.ReadColumns(c, "Features").SelectMany(r => r).ToArray());
        Assert.All(va, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Interpolation_starts_and_ends_at_the_two_reconstructions()
    {
        var (model, test) = s_mnistVae.Value;
        var path = model.Interpolate(test, 0, 1, steps: 5);
        var alphas = path.GetColumn<float>("Alpha").ToArray();
        Assert.Equal([0f, 0.25f, 0.5f, 0.75f, 1f], alphas);
        var images = TestData.ReadColumns(path, "Features");
        var reconstructions = TestData.ReadColumns(model.Transform(test), "Reconstruction");
        Assert.True(images[0].Zip(reconstructions[0]).All(p => Math.Abs(p.First - p.Second) < 1e-5f));
        Assert.True(images[4].Zip(reconstructions[1]).All(p => Math.Abs(p.First - p.Second) < 1e-5f));
    }

    [Theory]
    [InlineData("random half of the pixels", 0.5)]
    [InlineData("bottom half of the image", 0.9)]
    public void Imputation_beats_mean_fill_on_masked_pixels(string mask, double maxRatio)
    {
        var (model, test) = s_mnistVae.Value;
        var rows = TestData.ReadColumns(test, "Features").Take(200).ToArray();
        var random = new Random(5);
        var missing = rows.Select(_ => Enumerable.Range(0, 784).Select(j => mask.StartsWith("random", StringComparison.Ordinal) ? random.NextDouble() < 0.5 : j / 28 >= 14).ToArray()).ToArray();
        var masked = rows.Select((r, i) => r.Select((v, j) => missing[i][j] ? float.NaN : v).ToArray()).ToArray();
        var imputed = TestData.ReadColumns(model.Impute(TestData.Vectors("Features", masked, [1, 28, 28])), "Imputed");
        double vaeError = 0, meanError = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < 784; j++)
            {
                if (missing[i][j])
                {
                    vaeError += Math.Pow(imputed[i][j] - rows[i][j], 2);
                    meanError += Math.Pow(model.FeatureMeans[j] - rows[i][j], 2);
                }
                else
                {
                    Assert.Equal(rows[i][j], imputed[i][j]); // observed pixels are kept
                }
            }
        }

        output.WriteLine($"{mask}: masked-pixel squared error VAE {vaeError:F1}, mean fill {meanError:F1}, ratio {vaeError / meanError:F3}");
        Assert.True(vaeError < maxRatio * meanError, $"VAE imputation error {vaeError} should be below {maxRatio} x mean fill {meanError}");
    }

    [Theory]
    [InlineData("LatentDimension")]
    [InlineData("Epochs")]
    [InlineData("LearningRate")]
    [InlineData("Beta")]
    [InlineData("ValidationFraction")]
    [InlineData("Device")]
    public void Bad_options_name_the_option(string option)
    {
        var o = new VaeOptions();
        switch (option)
        {
            case "LatentDimension": o.LatentDimension = 0; break;
            case "Epochs": o.Epochs = -1; break;
            case "LearningRate": o.LearningRate = double.NaN; break;
            case "Beta": o.Beta = -1; break;
            case "ValidationFraction": o.ValidationFraction = 1.5; break;
            case "Device": o.Device = "tpu"; break;
        }

        var e = Assert.ThrowsAny<ArgumentException>(() => new MLContext(1).Generative().Vae(o));
        Assert.Contains(option.Equals("Device", StringComparison.Ordinal) ? "tpu" : option, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bernoulli_likelihood_rejects_values_outside_the_unit_interval()
    {
        var rows = TestData.ReadColumns(TestData.Digits.Take(50).ToDataView(), "Features").Select(r => r.Select(v => v * 16).ToArray()).ToArray();
        var options = new VaeOptions { Epochs = 1, Likelihood = ReconstructionLikelihood.Bernoulli };
        var e = Assert.Throws<InvalidOperationException>(() => new MLContext(1).Generative().Vae(options).Fit(TestData.Vectors("Features", rows)));
        Assert.Contains("'Features', row 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("Gaussian", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_automatic_likelihood_follows_the_data_and_is_recorded()
    {
        var pixels = TestData.Digits.Take(100).ToDataView();
        var scaled = TestData.Vectors("Features", TestData.ReadColumns(pixels, "Features").Select(r => r.Select(v => (v * 16) - 8).ToArray()).ToArray());
        var small = new VaeOptions { Epochs = 1, HiddenSizes = [16], LatentDimension = 2 };
        var bernoulli = new MLContext(1).Generative().Vae(small).Fit(pixels);
        var gaussian = new MLContext(1).Generative().Vae(small).Fit(scaled);
        Assert.Equal(ReconstructionLikelihood.Bernoulli, bernoulli.Options.Likelihood);
        Assert.Equal(ReconstructionLikelihood.Gaussian, gaussian.Options.Likelihood);
        Assert.Null(gaussian.Options.GaussianSigma);
        Assert.Equal(64, gaussian.Network.GaussianSigmas()!.Length);   // learned, one per feature
        Assert.Null(bernoulli.Network.GaussianSigmas());
    }

    [Fact]
    public void Convolutional_architecture_needs_an_image_shape()
    {
        var rows = TestData.ReadColumns(TestData.Digits.Take(50).ToDataView(), "Features").ToArray();
        var e = Assert.Throws<ArgumentException>(() => new MLContext(1).Generative().Vae(architecture: AutoencoderArchitecture.Convolutional).Fit(TestData.Vectors("Features", rows)));
        Assert.Contains("image shape", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_loss_and_early_stopping_are_recorded()
    {
        var ml = new MLContext(1);
        var reports = 0;
        var options = new VaeOptions
        {
            Epochs = 40, BatchSize = 64, LatentDimension = 4, HiddenSizes = [32], ValidationFraction = 0.3,
            EarlyStoppingPatience = 2, EarlyStoppingMinDelta = 0.5, Progress = new Progress(p => reports += p.IsEpochEnd && !p.IsFinished ? 1 : 0),
        };
        var model = ml.Generative().Vae(options).Fit(TestData.Digits.Take(400).ToDataView());
        var history = model.History;
        Assert.True(history.StoppedEarly, history.ToString());
        Assert.True(history.Epochs.Count < 40);
        Assert.All(history.Epochs, e => Assert.NotNull(e.ValidationLoss));
        // The best epoch is the last one that improved by more than EarlyStoppingMinDelta.
        var best = history.Epochs.Single(e => e.Epoch == history.BestEpoch).ValidationLoss!.Value;
        Assert.InRange(best - history.Epochs.Min(e => e.ValidationLoss!.Value), 0, 0.5);
        Assert.True(history.Epochs.Count - history.BestEpoch >= 2);
        Assert.Equal(history.Epochs.Count, reports);
        Assert.Equal(history.Epochs.Count, history.ToDataFrame().Rows.Count);
    }

    [Fact]
    public void Training_messages_reach_the_MLContext_log()
    {
        var ml = new MLContext(1);
        var messages = new System.Collections.Concurrent.ConcurrentBag<string>();
        ml.Log += (_, e) => messages.Add(e.Message);
        ml.Generative().Vae(new VaeOptions { Epochs = 2, HiddenSizes = [16], LatentDimension = 2 }).Fit(TestData.Digits.Take(100).ToDataView());
        Assert.Contains(messages, m => m.Contains("Epoch 2/2", StringComparison.Ordinal));
    }

    private sealed class Progress(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }

    public sealed class ImageRow
    {
        [VectorType(1, 28, 28)]
        public float[] Features { get; set; } = [];
    }

    public sealed class VaeRow
    {
        public float[] Latent { get; set; } = [];

        public float NegativeElbo { get; set; }

        public float AnomalyScore { get; set; }

        public bool IsAnomaly { get; set; }
    }
}
