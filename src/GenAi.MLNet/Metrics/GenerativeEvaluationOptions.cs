using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Metrics;

/// <summary>Options of <see cref="GenerativeEvaluator"/>; every one documents its default.</summary>
public sealed class GenerativeEvaluationOptions
{
    /// <summary>The column holding the rows in both data sets. Default <c>"Features"</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Feature space of the distribution metrics. Default: the raw rows. For images pass an <see cref="ImageClassifier"/> trained on the real data.</summary>
    public IFeatureExtractor FeatureExtractor { get; set; } = RawFeatures.Instance;

    /// <summary>A classifier for the Inception-Score analogue and class shares; null (default) skips them.</summary>
    public ImageClassifier? Classifier { get; set; }

    /// <summary>The training data, for the memorisation ratios; null (default) skips them.</summary>
    public IDataView? TrainingData { get; set; }

    /// <summary>Neighbours for precision and recall (Kynkäänniemi et al. use 3). Default 3.</summary>
    public int PrecisionRecallK { get; set; } = 3;

    /// <summary>Neighbours for density and coverage (Naeem et al. use 5). Default 5.</summary>
    public int DensityCoverageK { get; set; } = 5;

    /// <summary>KID subsets. Default 100.</summary>
    public int KidSubsets { get; set; } = 100;

    /// <summary>KID subset size (capped at the smaller set). Default 1000.</summary>
    public int KidSubsetSize { get; set; } = 1000;

    /// <summary>Run the 1-NN classifier two-sample test. Default true.</summary>
    public bool TwoSampleTest { get; set; } = true;

    /// <summary>Seed of the KID subsets; null (default) draws it from the MLContext.</summary>
    public int? Seed { get; set; }
}
