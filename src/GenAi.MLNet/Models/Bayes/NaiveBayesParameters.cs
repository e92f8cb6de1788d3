using System;
using System.IO;
using System.Linq;

namespace GenAi.MLNet.Models.Bayes;

/// <summary>
/// What a naive Bayes classifier learned, saved as <c>Parameters.json</c>: the class priors and, per class and
/// feature, the parameters of p(x_j | y). Everything is a count, a mean or a frequency — read straight off the data.
/// </summary>
internal sealed class NaiveBayesParameters
{
    /// <summary>Training rows per class.</summary>
    public long[] ClassCounts { get; set; } = [];

    /// <summary>log p(y) per class.</summary>
    public double[] LogPriors { get; set; } = [];

    /// <summary>Gaussian: mean per class and feature (K x D); multinomial: log theta; Bernoulli: log p(present).</summary>
    public double[][] First { get; set; } = [];

    /// <summary>Gaussian: variance per class and feature (smoothing included); multinomial: unused (empty); Bernoulli: log p(absent).</summary>
    public double[][] Second { get; set; } = [];

    /// <summary>Multinomial: the mean row total per class (the length of a sampled row); otherwise unused.</summary>
    public double[] MeanTotals { get; set; } = [];

    /// <summary>The feature column's slot names at training (e.g. n-grams from FeaturizeText), or empty.</summary>
    public string[] SlotNames { get; set; } = [];

    public int Classes => LogPriors.Length;

    public int Features => First.Length == 0 ? 0 : First[0].Length;

    /// <summary>Throws <see cref="InvalidDataException"/> when the arrays do not fit each other or hold non-finite values.</summary>
    public void Validate(NaiveBayesLikelihood likelihood, int classes, int features, string modelName)
    {
        bool Fits(double[][] a) => a.Length == classes && a.All(r => r is not null && r.Length == features && r.All(double.IsFinite));
        var ok = LogPriors.Length == classes && LogPriors.All(double.IsFinite) && ClassCounts.Length == classes && Fits(First)
            && (likelihood == NaiveBayesLikelihood.Multinomial ? Second.Length == 0 : Fits(Second))
            && (likelihood != NaiveBayesLikelihood.Gaussian || Second.All(r => r.All(v => v > 0)))
            && (SlotNames.Length == 0 || SlotNames.Length == features);
        if (!ok)
        {
            throw new InvalidDataException($"The saved {modelName}'s parameters do not fit its {classes} classes and {features} features. The file is damaged or was written by another program.");
        }
    }

    /// <summary>log p(x | y = k) for every class, in nats.</summary>
    public double[] ClassLogLikelihoods(NaiveBayesLikelihood likelihood, ReadOnlySpan<float> x, float threshold)
    {
        var result = new double[Classes];
        for (var k = 0; k < Classes; k++)
        {
            double sum = 0;
            var first = First[k];
            switch (likelihood)
            {
                case NaiveBayesLikelihood.Gaussian:
                    var variance = Second[k];
                    for (var j = 0; j < x.Length; j++)
                    {
                        var d = x[j] - first[j];
                        sum -= 0.5 * (Math.Log(2 * Math.PI * variance[j]) + d * d / variance[j]);
                    }

                    break;
                case NaiveBayesLikelihood.Multinomial:
                    for (var j = 0; j < x.Length; j++)
                    {
                        if (x[j] != 0)
                        {
                            sum += x[j] * first[j];
                        }
                    }

                    break;
                default:
                    var absent = Second[k];
                    for (var j = 0; j < x.Length; j++)
                    {
                        sum += x[j] > threshold ? first[j] : absent[j];
                    }

                    break;
            }

            result[k] = sum;
        }

        return result;
    }

    /// <summary>Feature j's share of log p(x | y = k): the per-feature terms <see cref="ClassLogLikelihoods"/> sums.</summary>
    public double Term(NaiveBayesLikelihood likelihood, int k, int j, float value, float threshold) => likelihood switch
    {
        NaiveBayesLikelihood.Gaussian => -0.5 * (Math.Log(2 * Math.PI * Second[k][j]) + (value - First[k][j]) * (value - First[k][j]) / Second[k][j]),
        NaiveBayesLikelihood.Multinomial => value == 0 ? 0 : value * First[k][j],
        _ => value > threshold ? First[k][j] : Second[k][j],
    };
}
