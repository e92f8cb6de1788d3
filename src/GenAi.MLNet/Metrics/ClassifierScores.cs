using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Metrics;

/// <summary>Scores of generated images read off a classifier trained on the real images.</summary>
public static class ClassifierScores
{
    /// <summary>
    /// Fraction of conditionally generated images that the classifier assigns to the class they were
    /// generated for: does a conditional generator obey its condition?
    /// </summary>
    public static double ConditionalAccuracy(ImageClassifier classifier, IReadOnlyList<float[]> samples, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(labels);
        if (samples.Count != labels.Count)
        {
            throw new ArgumentException($"{samples.Count} samples but {labels.Count} labels.", nameof(labels));
        }

        var predicted = classifier.Predict(samples);
        return predicted.Where((p, i) => p == labels[i]).Count() / (double)samples.Count;
    }

    /// <summary>
    /// Fraction of the samples the classifier puts in each class: a collapsed generator piles its samples
    /// into a few classes.
    /// </summary>
    public static double[] ClassFractions(ImageClassifier classifier, IReadOnlyList<float[]> samples)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(samples);
        var counts = new double[classifier.ClassNames.Count];
        foreach (var p in classifier.Predict(samples))
        {
            counts[p]++;
        }

        return counts.Select(c => c / samples.Count).ToArray();
    }
}
