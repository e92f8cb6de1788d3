using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Models.Autoencoders;
using GenAi.MLNet.Models.Boltzmann;
using GenAi.MLNet.Models.Flows;
using GenAi.MLNet.Models.Gan;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GenAi.MLNet.Tests;

/// <summary>The README's pipeline example, as written there (fewer epochs).</summary>
[Collection(TorchCollection.Name)]
public class ReadmeExampleTests
{
    /// <summary>"Boltzmann machines and normalizing flows", as written there (fewer epochs), and the RBM pipeline saved and loaded as one zip.</summary>
    [Fact]
    public void The_boltzmann_and_flow_example_runs()
    {
        var ml = new MLContext(seed: 1);
        var digits = TestData.Digits.Take(1200).ToDataView();
        var test = TestData.Digits.Select(Enumerable.Range(1200, 300).ToArray()).ToDataView();
        var rbmPipeline = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.Generative().Rbm(new RbmOptions { HiddenUnits = 100, ClipInputs = true, Epochs = 3 }))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "Hidden", l1Regularization: 0, l2Regularization: 1f / 6000));
        var dbn = ml.Generative().DeepBeliefNetwork("Features", [64, 32], (o, _) => o.Epochs = 2).Fit(digits);
        var samples = DeepBeliefNetwork.Sample(dbn, count: 16, gibbsSteps: 100);
        var flow = ml.Generative().RealNvp(new RealNvpOptions { DequantizationLevels = 17, Epochs = 3, LearningRate = 1e-3 }).Fit(digits);
        var logLikelihood = flow.Transform(test).GetColumn<float>("LogLikelihood").ToArray();

        var model = rbmPipeline.Fit(digits);
        var path = Path.Combine(Path.GetTempPath(), "genai-mlnet-tests", "rbm-classifier.zip");
        ml.Model.SaveAtomic(model, digits.Schema, path);
        var reloaded = new MLContext().Model.LoadVerified(path, out _);
        Assert.True(ml.MulticlassClassification.Evaluate(reloaded.Transform(test)).MicroAccuracy > 0.8);
        Assert.Equal(model.Transform(test).GetColumn<uint>("PredictedLabel"), reloaded.Transform(test).GetColumn<uint>("PredictedLabel"));
        Assert.Equal(16, samples.GetRowCount());
        Assert.Equal(300, logLikelihood.Length);
        Assert.All(logLikelihood, x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public void The_pipeline_example_runs()
    {
        var ml = new MLContext(seed: 1);
        var split = ImageDatasets.Mnist().Split(ml, 8000, 0, 2000);
        var pipeline = ml.Generative().Vae(new VaeOptions { LatentDimension = 20, Epochs = 2, ValidationFraction = 0.1, EarlyStoppingPatience = 3 })
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "Latent"));
        var model = pipeline.Fit(split.Train.ToDataView());
        var path = Path.Combine(Path.GetTempPath(), "genai-mlnet-tests", "vae-classifier.zip");
        ml.Model.SaveAtomic(model, split.Train.ToDataView().Schema, path);
        var reloaded = new MLContext().Model.LoadVerified(path, out _);
        var scored = reloaded.Transform(split.Test.ToDataView());
        var vae = model.OfType<VaeTransformer>().First();
        var samples = vae.Sample(64, seed: 3);

        Assert.True(ml.MulticlassClassification.Evaluate(scored).MicroAccuracy > 0.7);
        Assert.Equal(model.Transform(split.Test.ToDataView()).GetColumn<uint>("PredictedLabel"), scored.GetColumn<uint>("PredictedLabel"));
        Assert.Equal(64, samples.GetRowCount());
    }

    [Fact]
    public void The_GAN_and_evaluation_example_runs()
    {
        var ml = new MLContext(seed: 1);
        var split = ImageDatasets.Mnist().Split(ml, 8000, 0, 2000);
        var cgan = ml.Generative().Gan(new GanOptions
        {
            Architecture = GanArchitecture.Convolutional, LabelColumnName = "Label", Epochs = 1, GeneratorChannels = 16, DiscriminatorChannels = 16,
        }).Fit(split.Train.ToDataView());
        var synthetic = cgan.Generate(1000, seed: 1);
        var sevens = cgan.Generate(100, className: "7");
        var realness = cgan.Transform(split.Test.ToDataView());
        using var classifier = ImageClassifier.Train(split.Train.ToDataView());
        var metrics = ml.Generative().Evaluate(split.Test.ToDataView(), synthetic,
            new GenerativeEvaluationOptions { FeatureExtractor = classifier, Classifier = classifier, KidSubsets = 5 });

        Assert.Equal(100, sevens.GetRowCount());
        Assert.All(sevens.GetColumn<uint>("Label"), key => Assert.Equal(8u, key));   // key 8 is class "7"
        Assert.Equal(2000, realness.GetColumn<float>("Realness").Count());
        Assert.Equal(1000, metrics.GeneratedCount);
        Assert.True(metrics.FrechetDistance > 0 && metrics.InceptionScore!.Mean >= 1);
        Assert.Contains("Fréchet distance", metrics.ToString(), System.StringComparison.Ordinal);
    }

    [Fact]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The README declares IDataView, as a user would.")]
    public void The_language_model_example_runs()
    {
        var ml = new MLContext(seed: 1);
        string[] text = File.ReadAllText(DataDirectory.File("text/austen_persuasion.txt")).Split("\n\n");
        IDataView paragraphs = new InMemoryDataView.Builder().AddText("Text", text).Build();
        var gpt = ml.Generative().CausalLanguageModel(new CausalLanguageModelOptions
        {
            Architecture = LanguageModelArchitecture.Transformer,
            Tokenizer = TokenizerKind.Character,
            ContextLength = 64, Layers = 1, Heads = 4, EmbeddingSize = 32,
            MaxSteps = 50,
        }).Fit(paragraphs);

        IDataView scored = gpt.Transform(paragraphs);
        string story = gpt.Generate("Captain Wentworth", new TextGenerationOptions { MaxNewTokens = 200, Temperature = 0.8, TopK = 40 });
        IDataView prompts = new InMemoryDataView.Builder().AddText("Prompt", ["Anne", "Sir Walter"]).Build();
        IDataView completions = gpt.Generate(prompts, "Prompt", "Completion");
        var next = gpt.NextTokens("Captain Wentwort", k: 5);
        var path = Path.Combine(Path.GetTempPath(), "genai-mlnet-tests", "austen-gpt.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ml.Model.Save(gpt, paragraphs.Schema, path);

        Assert.Equal(text.Length, scored.GetColumn<float>("BitsPerCharacter").Count());
        Assert.InRange(story.Length, 0, 200);
        Assert.Equal(2, completions.GetColumn<ReadOnlyMemory<char>>("Completion").Count());
        Assert.Equal(5, next.Count);
        Assert.True(File.Exists(path));
    }
    /// <summary>"Super-resolution and image-to-image translation", as written there (1 epoch), and the translator alone on a view of small images only.</summary>
    [Fact]
    public void The_super_resolution_example_runs()
    {
        var ml = new MLContext(seed: 1);
        var split = TestData.Mnist.Split(ml, 500, 0, 200);
        IDataView train = split.Train.ToDataView(), test = split.Test.ToDataView();
        var pipeline = ml.Generative().DownscaleImages("LowResolution", "Features", factor: 2)     // 28×28 → 14×14
            .Append(ml.Generative().UpscaleImages("Bicubic", "LowResolution", factor: 2))         // the baseline
            .Append(ml.Generative().SuperResolution("LowResolution", "Features", "SuperResolved", epochs: 1));
        var model = pipeline.Fit(train);
        var scored = model.Transform(test);
        var network = ImageQuality.Evaluate(scored, "SuperResolved", "Features");
        var bicubic = ImageQuality.Evaluate(scored, "Bicubic", "Features");

        var small = TestData.ReadColumns(scored, "LowResolution");
        var smallImages = new InMemoryDataView.Builder().AddVector("LowResolution", small.SelectMany(r => r).ToArray(), 196, [1, 14, 14]).Build();
        var enlarged = model.LastTransformer.Transform(smallImages);                          // adds SuperResolved
        Assert.Equal(TestData.ReadColumns(scored, "SuperResolved"), TestData.ReadColumns(enlarged, "SuperResolved"));
        Assert.Equal(200, network.Images);
        Assert.True(bicubic.Psnr > 15, $"bicubic {bicubic.Psnr:F1} dB");
    }
}
