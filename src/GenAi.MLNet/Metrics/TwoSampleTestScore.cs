using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace GenAi.MLNet.Metrics;

/// <summary>Accuracy of a classifier two-sample test.</summary>
/// <param name="Accuracy">Overall leave-one-out accuracy: 0.5 when the samples are indistinguishable, 1 when fully separable.</param>
/// <param name="RealAccuracy">Accuracy on the real points.</param>
/// <param name="GeneratedAccuracy">Accuracy on the generated points (near 0 is a sign of memorisation: generated points sit next to real ones).</param>
public sealed record TwoSampleTestScore(double Accuracy, double RealAccuracy, double GeneratedAccuracy);
