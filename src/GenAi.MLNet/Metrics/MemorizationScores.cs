using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace GenAi.MLNet.Metrics;

/// <summary>How close generated samples sit to the training data, relative to how close training points sit to each other.</summary>
/// <param name="FractionCloser">Fraction of generated samples nearer to some training point than the median training point is to its nearest other training point (about 0.5 for fresh samples of the data distribution; near 1 for a generator that copies).</param>
/// <param name="MedianDistanceRatio">Median generated-to-training nearest-neighbour distance divided by the median training-to-training one (about 1 for fresh samples, near 0 for copies).</param>
/// <param name="FractionNearCopies">Fraction of generated samples nearer to a training point than the <c>copyQuantile</c> quantile of training-to-training distances.</param>
public sealed record MemorizationScores(double FractionCloser, double MedianDistanceRatio, double FractionNearCopies);
