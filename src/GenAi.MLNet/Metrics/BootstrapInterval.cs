using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Metrics;

/// <summary>A bootstrap estimate: the statistic on the full sample and a percentile confidence interval.</summary>
/// <param name="Estimate">The statistic on the original sample.</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
/// <param name="Level">Confidence level, e.g. 0.95.</param>
public sealed record BootstrapInterval(double Estimate, double Lower, double Upper, double Level);
