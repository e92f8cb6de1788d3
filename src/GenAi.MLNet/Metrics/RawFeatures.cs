using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Metrics;

/// <summary>The rows themselves as features (for low-dimensional or tabular data).</summary>
public sealed class RawFeatures : IFeatureExtractor
{
    /// <summary>The shared instance.</summary>
    public static RawFeatures Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "raw features";

    /// <inheritdoc />
    public float[][] Features(IReadOnlyList<float[]> rows) => rows.ToArray();
}
