using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace GenAi.MLNet.Metrics;

/// <summary>A kernel distance estimate: the mean and standard deviation over random subsets.</summary>
/// <param name="Mean">Mean unbiased MMD^2 over the subsets.</param>
/// <param name="StandardDeviation">Standard deviation over the subsets.</param>
/// <param name="Subsets">Number of subsets.</param>
/// <param name="SubsetSize">Rows per subset from each set.</param>
public sealed record KernelDistanceScore(double Mean, double StandardDeviation, int Subsets, int SubsetSize);
