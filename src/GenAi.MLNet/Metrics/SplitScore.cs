using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Metrics;

/// <summary>A classifier-based score over splits.</summary>
/// <param name="Mean">Mean over the splits.</param>
/// <param name="StandardDeviation">Standard deviation over the splits.</param>
/// <param name="Splits">Number of splits.</param>
public sealed record SplitScore(double Mean, double StandardDeviation, int Splits);
