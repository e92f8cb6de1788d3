using System;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Comparisons;

/// <summary>New rows like a set of real ones — shared by oversampling and synthetic-data simulation.</summary>
internal static class TabularSynthesis
{
    public static float[][] Rows(MLContext ml, SynthesisMethod method, string column, VectorShape shape, float[][] real, int count, int epochs, int seed)
    {
        var random = new Random(seed);
        return count == 0 ? [] : method switch
        {
            SynthesisMethod.Copy => Enumerable.Range(0, count).Select(_ => real[random.Next(real.Length)]).ToArray(),
            SynthesisMethod.Gaussian => Gaussian(real, count, random),
            _ => Generated(ml, method, column, shape, real, count, epochs, seed),
        };
    }

    private static float[][] Gaussian(float[][] real, int count, Random random)
    {
        var (mean, sd) = Moments(real);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, mean.Length).Select(j =>
            (float)(mean[j] + (sd[j] * random.NextNormal()))).ToArray()).ToArray();
    }

    /// <summary>Each feature's mean and (population) standard deviation over the rows.</summary>
    public static (double[] Mean, double[] Sd) Moments(float[][] rows)
    {
        var d = rows[0].Length;
        var mean = Enumerable.Range(0, d).Select(j => rows.Average(r => (double)r[j])).ToArray();
        var sd = Enumerable.Range(0, d).Select(j => Math.Sqrt(rows.Average(r => (r[j] - mean[j]) * (r[j] - mean[j])))).ToArray();
        return (mean, sd);
    }

    private static float[][] Generated(MLContext ml, SynthesisMethod method, string column, VectorShape shape, float[][] real, int count, int epochs, int seed)
    {
        var view = new InMemoryDataView.Builder().AddVector(column, real.SelectMany(r => r).ToArray(), shape.Size, shape.Dimensions).Build();
        IDataView samples;
        if (method == SynthesisMethod.Vae)
        {
            using var vae = ml.Generative().Vae(new Models.Autoencoders.VaeOptions
            {
                FeatureColumnName = column, LatentDimension = Math.Max(2, Math.Min(8, shape.Size / 2)), HiddenSizes = [64],
                Likelihood = Models.Autoencoders.ReconstructionLikelihood.Gaussian, Epochs = epochs, BatchSize = 32, Seed = seed,
            }).Fit(view);
            samples = vae.Sample(count, seed, observationNoise: true);
        }
        else if (method == SynthesisMethod.Gan)
        {
            using var gan = ml.Generative().Gan(new Models.Gan.GanOptions { FeatureColumnName = column, Epochs = epochs, BatchSize = Math.Min(64, real.Length), Seed = seed }).Fit(view);
            return gan.GenerateArrays(count, seed).Rows;
        }
        else
        {
            using var flow = ml.Generative().RealNvp(new Models.Flows.RealNvpOptions { FeatureColumnName = column, Epochs = epochs, BatchSize = 32, Seed = seed }).Fit(view);
            samples = flow.Sample(count, seed: seed);
        }

        return samples.GetColumn<VBuffer<float>>(column).Select(v => v.DenseValues().ToArray()).ToArray();
    }
}
