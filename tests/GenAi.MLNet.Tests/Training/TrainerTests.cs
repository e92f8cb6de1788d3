using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Autoencoders;
using GenAi.MLNet.Models.Gan;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Training;

/// <summary>The shared trainer: accumulation, history, progress, threads, and its guards.</summary>
[Collection(TorchCollection.Name)]
public class TrainerTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(128, 32, 4)]   // 4 x 32 accumulated = one batch of 128
    [InlineData(100, 32, 4)]   // micro-batches of 32, 32, 32 and 4 = one batch of 100
    public void Accumulated_micro_batches_equal_one_large_batch(int rows, int microBatch, int steps)
    {
        var data = TestData.Digits.Take(rows).ToDataView();
        AutoencoderOptions Options(int batch, int accumulate) => new()
        {
            Epochs = 1, BatchSize = batch, GradientAccumulationSteps = accumulate, HiddenSizes = [32], LatentDimension = 4, Seed = 3,
        };
        var whole = new MLContext(1).Generative().Autoencoder(Options(rows, 1)).Fit(data);
        var accumulated = new MLContext(1).Generative().Autoencoder(Options(microBatch, steps)).Fit(data);
        Assert.Single(whole.History.Epochs);
        var maxDiff = whole.Network.parameters().Zip(accumulated.Network.parameters())
            .Max(p => (p.First - p.Second).abs().max().item<float>());
        output.WriteLine($"largest weight difference after one step: {maxDiff:G3}");
        Assert.True(maxDiff <= 1e-5, $"weights differ by {maxDiff}");
    }

    [Fact]
    public void History_records_the_learning_rate_and_gradient_norm_and_progress_runs_during_epochs()
    {
        var reports = new List<TrainingProgress>();
        var model = new MLContext(1).Generative().Vae(new VaeOptions
        {
            Epochs = 3, BatchSize = 32, HiddenSizes = [32], LatentDimension = 4, LearningRateSchedule = LearningRateSchedule.WarmupCosine, WarmupSteps = 5,
            GradientClipNorm = 50, Progress = new Collect(reports),
        }).Fit(TestData.Digits.Take(320).ToDataView());
        var epochs = model.History.Epochs;
        Assert.All(epochs, e => Assert.True(e.Metrics["grad_norm"] > 0));
        Assert.True(epochs[0].Metrics["lr"] > epochs[^1].Metrics["lr"], "the cosine schedule lowers the rate");
        Assert.Equal(1e-4, epochs[^1].Metrics["lr"], 6);   // the last step of the cosine: 0.1 x 1e-3
        Assert.Equal(3, reports.Count(r => r.IsEpochEnd && !r.IsFinished));
        Assert.True(reports[^1].IsFinished);
        Assert.Equal(1, reports[0].Step);
        Assert.Equal(30, reports[0].TotalSteps);
        Assert.Contains("epoch 1/3, step 1/30", reports[0].ToString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, reports[^1].Remaining);
    }

    [Fact]
    public void MaxTrainingTime_stops_training_and_keeps_the_model()
    {
        var data = TestData.Digits.Take(320).ToDataView();
        var model = new MLContext(1).Generative().Vae(new VaeOptions
        {
            Epochs = 1000, BatchSize = 32, HiddenSizes = [32], LatentDimension = 4, MaxTrainingTime = TimeSpan.FromMilliseconds(1),
        }).Fit(data);
        var history = model.History;
        Assert.True(history.TimeLimitReached);
        Assert.Single(history.Epochs);   // the first step already ends past 1 ms: one partial epoch, not 1,000
        Assert.Single(model.Transform(data).GetColumn<float[]>("Reconstruction").Take(1));
        var unlimited = new MLContext(1).Generative().Vae(new VaeOptions { Epochs = 2, BatchSize = 32, HiddenSizes = [32], LatentDimension = 4 }).Fit(data);
        Assert.False(unlimited.History.TimeLimitReached);
        Assert.Equal(2, unlimited.History.Epochs.Count);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new VaeOptions { MaxTrainingTime = TimeSpan.Zero }.Validate());
        Assert.Equal("MaxTrainingTime", error.ParamName);
    }

    [Fact]
    public void NumberOfThreads_applies_while_training_and_is_restored_afterwards()
    {
        GenerativeRuntime.EnsureLoaded();
        var before = torch.get_num_threads();
        var during = new List<int>();
        new MLContext(1).Generative().Autoencoder(new AutoencoderOptions
        {
            Epochs = 1, HiddenSizes = [16], LatentDimension = 2, NumberOfThreads = before == 1 ? 2 : 1,
            Progress = new Collect(null, _ => during.Add(torch.get_num_threads())),
        }).Fit(TestData.Digits.Take(200).ToDataView());
        Assert.All(during, t => Assert.Equal(before == 1 ? 2 : 1, t));
        Assert.Equal(before, torch.get_num_threads());
    }

    [Theory]
    [InlineData(6401, 64)]   // the last batch has one row: batch normalisation's variance is undefined
    [InlineData(4097, 128)]
    public void A_one_row_last_batch_does_not_poison_batch_normalisation(int rows, int batch)
    {
        var data = TestData.Mnist.Take(rows).ToDataView();
        var gan = new MLContext(1).Generative().Gan(new GanOptions
        {
            Epochs = 1, BatchSize = batch, NoiseDimension = 8, GeneratorHiddenSizes = [32], DiscriminatorHiddenSizes = [32],
        }).Fit(data);
        Assert.Equal(rows / batch, gan.History.Steps.Count);   // the one-row batch is skipped
        var (samples, _) = gan.GenerateArrays(50);
        Assert.All(samples.SelectMany(s => s), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void A_packed_GAN_whose_last_batch_is_smaller_than_the_pack_trains()
    {
        // 601 rows at batch 100 with pack 4: the last batch has one row, fewer than a pack.
        var gan = new MLContext(1).Generative().Gan(new GanOptions
        {
            Epochs = 1, BatchSize = 100, Pack = 4, NoiseDimension = 8, GeneratorHiddenSizes = [32], DiscriminatorHiddenSizes = [32],
        }).Fit(TestData.Digits.Take(601).ToDataView());
        Assert.Equal(6, gan.History.Steps.Count);
    }

    [Fact]
    public void A_NaN_in_streamed_data_is_reported_at_its_own_row()
    {
        var rows = TestData.ReadColumns(TestData.Digits.Take(1000).ToDataView(), "Features").ToArray();
        rows[900][3] = float.NaN;
        var data = TestData.Vectors("Features", rows, [1, 8, 8]);
        var options = new AutoencoderOptions { Epochs = 1, HiddenSizes = [16], LatentDimension = 2, MaxInMemoryBytes = 0 };
        var e = Assert.Throws<InvalidOperationException>(() => new MLContext(1).Generative().Autoencoder(options).Fit(data));
        Assert.Contains("'Features', row 900, slot 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Holding_out_validation_rows_from_too_little_data_says_so()
    {
        var one = TestData.Digits.Take(1).ToDataView();
        var e = Assert.ThrowsAny<InvalidOperationException>(() => new MLContext(1).Generative().Vae(new VaeOptions { Epochs = 1, ValidationFraction = 0.5 }).Fit(one));
        Assert.Contains("ValidationFraction", e.Message, StringComparison.Ordinal);
        Assert.Contains("1 input row for validation", e.Message, StringComparison.Ordinal);
    }

    private sealed class Collect(List<TrainingProgress>? into, Action<TrainingProgress>? also = null) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            into?.Add(value);
            also?.Invoke(value);
        }
    }
}
