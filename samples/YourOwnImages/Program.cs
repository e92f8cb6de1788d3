// Your own images, end to end, through the public API only: a data set of 20x20 digits built here (the
// centre of MNIST digits, classes named "zero" .. "nine" and turned into keys by ML.NET), the library's
// image classifier trained on it, a conditional DCGAN trained on it, and the class-aware metrics of the
// generated images. Run: dotnet run --project samples/YourOwnImages [-- --quick]
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GenAi.MLNet;
using GenAi.MLNet.Data;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Models.Gan;
using Microsoft.ML;
using Microsoft.ML.Data;
using YourOwnImages;

var quick = args.Contains("--quick");
var ml = new MLContext(seed: 1);

// 1. The images: any IDataView with a Single vector column whose dimensions are (C, H, W), and a class column.
string[] names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
var mnist = ImageDatasets.Mnist();
var rows = new List<DigitImage>();
for (var i = 0; i < mnist.Count; i++)
{
    var image = mnist.Image(i);
    var crop = new float[20 * 20];
    for (var y = 0; y < 20; y++)
    {
        image.AsSpan(((y + 4) * 28) + 4, 20).CopyTo(crop.AsSpan(y * 20, 20));
    }

    rows.Add(new DigitImage { Pixels = crop, Digit = names[mnist.Labels[i]] });
}

var images = ml.Transforms.Conversion.MapValueToKey("Label", "Digit").Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
var split = ml.Data.TrainTestSplit(images, testFraction: 0.2, seed: 1);
Console.WriteLine($"{rows.Count} images of 20x20 in {names.Length} classes; schema: {split.TrainSet.Schema["Pixels"].Type}");

// 2. The image classifier: the feature extractor and judge of the class-aware metrics.
var classifier = ImageClassifier.Train(split.TrainSet, new ImageClassifierOptions { FeatureColumnName = "Pixels", LabelColumnName = "Label", Epochs = quick ? 3 : 6 });
var accuracy = classifier.Accuracy(split.TestSet, "Pixels", "Label");
Console.WriteLine($"classifier: {accuracy:P1} accuracy on the test images; classes {string.Join(", ", classifier.ClassNames)}");

// 3. A conditional DCGAN on the same images (20 is divisible by 4, as DCGAN needs).
var gan = ml.Generative().Gan(new GanOptions
{
    Architecture = GanArchitecture.Convolutional,
    FeatureColumnName = "Pixels",
    LabelColumnName = "Label",
    Epochs = quick ? 4 : 15,
}).Fit(split.TrainSet);
var (samples, classes) = gan.GenerateArrays(1000, seed: 2);
var conditional = ClassifierScores.ConditionalAccuracy(classifier, samples, classes!);
var sevens = gan.Generate(100, seed: 3, className: "seven");
var sevensRead = classifier.Predict(sevens.ToArrays("Pixels")).Count(c => classifier.ClassNames[c] == "seven");
Console.WriteLine($"conditional DCGAN ({gan.GeneratorSteps} generator steps): {conditional:P1} of 1,000 samples are read as the class asked for; {sevensRead} of 100 asked-for sevens read as sevens");

// 4. Class-aware metrics of the generated images against the real test images.
var metrics = ml.Generative().Evaluate(split.TestSet, gan.Generate(1000, seed: 2), new GenerativeEvaluationOptions
{
    FeatureColumnName = "Pixels",
    FeatureExtractor = classifier,
    Classifier = classifier,
});
Console.WriteLine(metrics);

var failures = new List<string>();
Check(accuracy >= 0.9, $"classifier accuracy {accuracy:P1} (expected at least 90 %)");
Check(conditional >= (quick ? 0.5 : 0.8), $"conditional accuracy {conditional:P1}");
Check(metrics.ClassShares is { } shares && shares.Min() >= 0.02, $"smallest class share {metrics.ClassShares?.Min():P1} (expected at least 2 %)");
Check(metrics.InceptionScore is { Mean: > 5 }, $"classifier score {metrics.InceptionScore?.Mean:F2} (expected above 5 of 10)");
if (failures.Count > 0)
{
    Console.Error.WriteLine("Checks failed: " + string.Join("; ", failures));
    return 1;
}

Console.WriteLine("All checks passed.");
return 0;

void Check(bool ok, string what)
{
    Console.WriteLine((ok ? "ok: " : "FAILED: ") + what);
    if (!ok)
    {
        failures.Add(what);
    }
}

namespace YourOwnImages
{
    /// <summary>One row of the user's data: the pixels with their (C, H, W) shape declared, and a class name.</summary>
    public sealed class DigitImage
    {
        [VectorType(1, 20, 20)]
        public float[] Pixels { get; set; } = [];

        public string Digit { get; set; } = "";
    }
}
