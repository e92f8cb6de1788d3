using System;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Models.Energy;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Energy;

[Collection(TorchCollection.Name)]
public sealed class EnergyTests(ITestOutputHelper output)
{
    /// <summary>
    /// The PacGAN ring (8 modes, σ = 0.01; 25,000 points, 5 epochs, about 10 s on one thread): 2,500 Langevin
    /// samples from uniform noise reach every mode, evenly (reverse KL 0.003), 99.9 % lie within 3σ of one, spread
    /// 0.74σ around it (not collapsed onto the centre; the data 0.97σ); the energy ranks points off the ring above
    /// points on it (AUC 0.952).
    /// </summary>
    [Fact]
    public void RingSamplesCoverEveryModeSharplyAndEnergyFlagsOffRingPoints()
    {
        var ml = new MLContext(seed: 0);
        var ring = GaussianMixture.Ring(count: 25_000);
        var model = ml.Generative().EnergyBasedModel(new EnergyOptions { Epochs = 5, NumberOfThreads = 1 }).Fit(ring.ToDataView());
        var samples = model.Sample(2500).GetColumn<float[]>("Features").ToArray();
        var scores = ModeCoverage.Compute(samples, ring.Means, ring.Sigma);
        output.WriteLine($"modes {scores.ModesCaptured}/8, high quality {scores.HighQualityFraction:P1}, reverse KL {scores.ReverseKl:F3}");
        Assert.Equal(8, scores.ModesCaptured);
        Assert.True(scores.ReverseKl < 0.1, $"reverse KL {scores.ReverseKl:F3}");
        Assert.True(scores.HighQualityFraction > 0.6, $"high quality {scores.HighQualityFraction:P1}");
        // Within-mode spread of the samples within 3σ: per-axis RMS distance to the mode in σ (the data: 0.97).
        var near = samples.Select(p => ring.Means.Min(m => ((p[0] - m[0]) * (p[0] - m[0])) + ((p[1] - m[1]) * (p[1] - m[1])))).Where(d => Math.Sqrt(d) < 3 * ring.Sigma).ToArray();
        var spread = Math.Sqrt(near.Average() / 2) / ring.Sigma;
        output.WriteLine($"spread around the nearest mode: {spread:F2} σ");
        Assert.InRange(spread, 0.4, 1.5);

        var on = ring.Points.Take(200).ToArray();
        var random = new Random(1);
        var off = Enumerable.Range(0, 200).Select(_ => new[] { (float)((random.NextDouble() * 3) - 1.5), (float)((random.NextDouble() * 3) - 1.5) }).ToArray();
        var view = new InMemoryDataView.Builder().AddVector("Features", on.Concat(off).SelectMany(p => p).ToArray(), 2).Build();
        var energy = model.Transform(view).GetColumn<float>("Energy").ToArray();
        var auc = RocCurve.Compute(energy, [.. Enumerable.Repeat(false, 200), .. Enumerable.Repeat(true, 200)]).Auc;
        output.WriteLine($"energy: on the ring {energy.Take(200).Average():F3}, uniform in the box {energy.Skip(200).Average():F3}, AUC {auc:F3}");
        Assert.True(auc > 0.9, $"AUC {auc:F3}");
    }
}
