using System;
using System.Linq;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Models.Autoencoders;
using Microsoft.ML;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Metrics;

[Collection(TorchCollection.Name)]
public class GenerativeEvaluatorTests(ITestOutputHelper output)
{
    [Fact]
    public void Evaluates_VAE_samples_against_real_digits_and_ranks_real_data_best()
    {
        var ml = new MLContext(1);
        var split = TestData.Mnist.Split(ml, 8000, 0, 2000);
        var vae = ml.Generative().Vae(new VaeOptions { Epochs = 5, Seed = 1 }).Fit(split.Train.ToDataView());
        using var classifier = ImageClassifier.Train(split.Train);
        var options = new GenerativeEvaluationOptions { FeatureExtractor = classifier, Classifier = classifier, TrainingData = split.Train.ToDataView(), KidSubsets = 10, Seed = 1 };
        var test = split.Test.Take(1000).ToDataView();
        var samples = ml.Generative().Evaluate(test, vae.Sample(1000, seed: 2), options);
        var heldOut = ml.Generative().Evaluate(test, split.Test.Select(Enumerable.Range(1000, 1000).ToArray()).ToDataView(), options);
        output.WriteLine(samples.ToString());
        output.WriteLine(heldOut.ToString());

        Assert.True(heldOut.FrechetDistance < samples.FrechetDistance);
        Assert.True(heldOut.KernelDistance.Mean < samples.KernelDistance.Mean);
        Assert.True(heldOut.PrecisionRecall.Recall > samples.PrecisionRecall.Recall);
        Assert.InRange(heldOut.TwoSampleTest!.Accuracy, 0.4, 0.6);
        Assert.True(samples.TwoSampleTest!.Accuracy > 0.7);
        Assert.InRange(heldOut.Memorization!.FractionCloser, 0.3, 0.7);
        Assert.InRange(samples.InceptionScore!.Mean, 1, 10);
        Assert.Equal(10, samples.ClassShares!.Length);
    }

    [Fact]
    public void Mismatched_row_sizes_are_reported_by_column()
    {
        var ml = new MLContext(1);
        var e = Assert.Throws<ArgumentException>(() => ml.Generative().Evaluate(TestData.Digits.Take(50).ToDataView(), TestData.Mnist.Take(50).ToDataView()));
        Assert.Contains("'Features'", e.Message, StringComparison.Ordinal);
    }
}
