using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GenAi.MLNet.Metrics;
using Microsoft.ML;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Metrics;

[Collection(TorchCollection.Name)]
public class ImageClassifierTests(ITestOutputHelper output)
{
    [Fact]
    public void Classifies_MNIST_test_digits_and_is_reused_from_the_cache()
    {
        var split = TestData.Mnist.Split(new MLContext(1), 8000, 0, 2000);
        var cache = Path.Combine(Path.GetTempPath(), "genai-mlnet-tests", "classifiers-" + Guid.NewGuid().ToString("N"));
        var options = new ImageClassifierOptions { CacheDirectory = cache, Epochs = 3 };
        var watch = Stopwatch.StartNew();
        using var classifier = ImageClassifier.Train(split.Train, options);
        var trainSeconds = watch.Elapsed.TotalSeconds;
        var accuracy = classifier.Accuracy(split.Test);
        watch.Restart();
        using var again = ImageClassifier.Train(split.Train, options);
        output.WriteLine($"test accuracy {accuracy:P2}; trained in {trainSeconds:F1} s, reloaded in {watch.Elapsed.TotalSeconds:F2} s");
        Assert.True(accuracy > 0.95, $"accuracy {accuracy}");
        var images = split.Test.Images().Take(20).ToArray();
        Assert.Equal(classifier.Probabilities(images), again.Probabilities(images));
        Assert.Equal(128, classifier.Features(images)[0].Length);
        Assert.Single(Directory.GetFiles(cache, "*.bin"));
    }
}
