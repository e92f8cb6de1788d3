using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Autoencoders;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Autoencoders;

[Collection(TorchCollection.Name)]
public class VaeSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public void Vae_trains_saves_and_loads()
    {
        var ml = new MLContext(seed: 1);
        var mnist = ImageDatasets.Mnist();
        var split = mnist.Split(ml, 2000, 0, 500);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var vae = ml.Generative().Vae(new VaeOptions { Epochs = 3 }).Fit(split.Train.ToDataView());
        output.WriteLine($"fit {sw.Elapsed}");
        output.WriteLine(vae.History.ToString());
        var scored = vae.Transform(split.Test.ToDataView());
        var elbo = scored.GetColumn<float>("NegativeElbo").Average();
        output.WriteLine($"test -ELBO {elbo}");
        var path = Path.Combine(Path.GetTempPath(), "vae-smoke.zip");
        ml.Model.Save(vae, split.Test.ToDataView().Schema, path);
        var loaded = ml.Model.Load(path, out _);
        var elbo2 = loaded.Transform(split.Test.ToDataView()).GetColumn<float>("NegativeElbo").Average();
        output.WriteLine($"loaded -ELBO {elbo2}");
        Assert.Equal(elbo, elbo2);
    }
}
