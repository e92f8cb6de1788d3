using System;
using System.Linq;
using GenAi.MLNet.Models.Autoencoders;
using GenAi.MLNet.Models.Autoregressive;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Autoregressive;

[Collection(TorchCollection.Name)]
public sealed class PixelCnnTests(ITestOutputHelper output)
{
    /// <summary>
    /// Binarised MNIST (threshold 0.5; the first 2,000 images of MNIST-10k to train, 500 of the VAE benchmark's
    /// test images): the exact likelihood of a small PixelCNN beats the bound of the VAE (784-400-20, the VAE
    /// benchmark's network) trained on the same images; samples are binary images with digit-like ink.
    /// </summary>
    [Fact]
    public void PixelCnnLikelihoodBeatsTheVaeBoundOnBinarisedMnist()
    {
        var ml = new MLContext(seed: 1);
        var mnist = TestData.Mnist.Binarized();
        var train = mnist.Select(Enumerable.Range(0, 2000).ToArray()).ToDataView();
        var test = mnist.Select(Enumerable.Range(8000, 500).ToArray()).ToDataView();
        var pixelCnn = ml.Generative().PixelCnn(new PixelCnnOptions { Filters = 32, ResidualBlocks = 3, Epochs = 4, NumberOfThreads = 1 }).Fit(train);
        var vae = ml.Generative().Vae(new VaeOptions { Epochs = 20, NumberOfThreads = 1 }).Fit(train);
        var nll = -pixelCnn.Transform(test).GetColumn<float>("LogLikelihood").Average();
        var bits = pixelCnn.Transform(test).GetColumn<float>("BitsPerDimension").Average();
        var elbo = vae.Transform(test).GetColumn<float>("NegativeElbo").Average();
        var ink = mnist.Select(Enumerable.Range(8000, 500).ToArray()).Images().Average(i => i.Average());
        output.WriteLine($"test NLL: PixelCNN {nll:F1} nats ({bits:F3} bits/pixel); VAE −ELBO {elbo:F1} nats; independent pixels at the mean ink would cost more");
        Assert.True(nll < elbo, $"PixelCNN {nll:F1} vs VAE {elbo:F1}");
        Assert.InRange(bits * 784 * Math.Log(2), nll - 0.5, nll + 0.5);

        var samples = pixelCnn.Sample(4, seed: 2).GetColumn<float[]>("Features").ToArray();
        var sampleInk = samples.Average(s => s.Average());
        output.WriteLine($"ink: samples {sampleInk:P1}, test images {ink:P1}");
        Assert.All(samples, s => Assert.All(s, v => Assert.True(v is 0f or 1f)));
        Assert.InRange(sampleInk, ink / 3, ink * 3);
    }
}
