using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// An Inception-Score analogue (Salimans et al., "Improved Techniques for Training GANs", NeurIPS 2016):
/// IS = exp(E_x KL(p(y|x) || p(y))), high when each sample is classified confidently (quality) and the
/// classes are used evenly (diversity); at most the number of classes. Computed in splits as in the
/// paper (mean and standard deviation of the per-split scores). With the library's
/// <see cref="ImageClassifier"/> in place of Inception-v3 the values are comparable only between
/// models scored with the same classifier.
/// </summary>
public static class InceptionScore
{
    /// <summary>The score from class probabilities (one row per sample).</summary>
    public static SplitScore FromProbabilities(IReadOnlyList<float[]> probabilities, int splits = 10)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(splits);
        if (probabilities.Count < splits)
        {
            throw new ArgumentException($"{probabilities.Count} samples cannot make {splits} splits.", nameof(probabilities));
        }

        var classes = probabilities[0].Length;
        var scores = new double[splits];
        for (var s = 0; s < splits; s++)
        {
            // Consecutive splits as numpy.array_split cuts them: the first n % splits parts get one extra row.
            var (size, extra) = (probabilities.Count / splits, probabilities.Count % splits);
            var start = (s * size) + Math.Min(s, extra);
            var part = probabilities.Skip(start).Take(size + (s < extra ? 1 : 0)).ToList();
            var marginal = new double[classes];
            foreach (var p in part)
            {
                for (var c = 0; c < classes; c++)
                {
                    marginal[c] += p[c] / (double)part.Count;
                }
            }

            var kl = part.Average(p => Enumerable.Range(0, classes).Sum(c => p[c] > 0 ? p[c] * (Math.Log(p[c]) - Math.Log(marginal[c])) : 0));
            scores[s] = Math.Exp(kl);
        }

        var mean = scores.Average();
        return new SplitScore(mean, Math.Sqrt(scores.Sum(v => (v - mean) * (v - mean)) / splits), splits);
    }

    /// <summary>The score of <paramref name="images"/> under <paramref name="classifier"/>.</summary>
    public static SplitScore Compute(ImageClassifier classifier, IReadOnlyList<float[]> images, int splits = 10)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        return FromProbabilities(classifier.Probabilities(images), splits);
    }
}
