using System;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.ImageTranslation;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.ImageTranslation;

/// <summary>Pairs of 4×4 → 8×8 digits (the 8×8 digits and their 2× area downsampling) for the translator's conformance tests.</summary>
internal static class DigitPairs
{
    private static readonly Lazy<IDataView> s_train = new(() => Pairs(0, 600));
    private static readonly Lazy<IDataView> s_test = new(() => Pairs(1500, 200));

    public static IDataView Train => s_train.Value;

    public static IDataView Test => s_test.Value;

    private static InMemoryDataView Pairs(int start, int count)
    {
        var ml = new MLContext(1);
        var digits = TestData.Digits.Select(Enumerable.Range(start, count).ToArray()).ToDataView();
        var low = ml.Generative().DownscaleImages("LowResolution", "Features", 2).Fit(digits).Transform(digits);
        var rows = TestData.ReadColumns(low, "LowResolution", "Features");
        return new InMemoryDataView.Builder()
            .AddVector("LowResolution", rows.SelectMany(r => r[..16]).ToArray(), 16, [1, 4, 4])
            .AddVector("Features", rows.SelectMany(r => r[16..]).ToArray(), 64, [1, 8, 8])
            .Build();
    }
}

/// <summary>The 2× super-resolution translator (L2, residual over bicubic) on the digit pairs.</summary>
public sealed class ImageTranslationConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<ImageTranslationTransformer>(output)
{
    protected override IDataView TrainingData() => DigitPairs.Train;

    protected override IDataView ScoringData() => DigitPairs.Test;

    protected override RowFactory Rows { get; } = new VectorRowFactory("LowResolution");

    protected override string[] OutputColumns => ["SuperResolved"];

    protected override IEstimator<ImageTranslationTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new ImageTranslationOptions
        {
            InputColumnName = "LowResolution",
            OutputColumnName = "SuperResolved",
            Epochs = 2,
            BatchSize = 64,
            Filters = 8,
            Depth = 1,
            PixelLoss = PixelLoss.L2,
        };
        configure?.Invoke(o);
        return mlContext.Generative().ImageTranslation(o);
    }

    protected override void MakeDiverge(TorchTrainerOptions options) => options.LearningRate = 1e30;
}

/// <summary>The pix2pix form (L1 + PatchGAN, two optimizers) on the same pairs.</summary>
public sealed class AdversarialImageTranslationConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<ImageTranslationTransformer>(output)
{
    protected override IDataView TrainingData() => DigitPairs.Train;

    protected override IDataView ScoringData() => DigitPairs.Test;

    protected override RowFactory Rows { get; } = new VectorRowFactory("LowResolution");

    protected override string[] OutputColumns => ["Translated"];

    protected override IEstimator<ImageTranslationTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new ImageTranslationOptions
        {
            InputColumnName = "LowResolution",
            Epochs = 2,
            BatchSize = 64,
            Filters = 8,
            Depth = 1,
            AdversarialWeight = 0.01,
        };
        configure?.Invoke(o);
        return mlContext.Generative().ImageTranslation(o);
    }

    protected override void MakeDiverge(TorchTrainerOptions options) => options.LearningRate = 1e30;
}
