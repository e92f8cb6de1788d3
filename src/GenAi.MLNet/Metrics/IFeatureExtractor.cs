using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Metrics;

/// <summary>Maps data rows to the feature vectors distribution metrics compare.</summary>
public interface IFeatureExtractor
{
    /// <summary>A name for reports, e.g. "MNIST-10k CNN features".</summary>
    string Name { get; }

    /// <summary>The feature vector of each row.</summary>
    float[][] Features(IReadOnlyList<float[]> rows);
}
