using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace GenAi.MLNet.Metrics;

/// <summary>Fidelity and diversity of a generated sample against real data, from k-nearest-neighbour balls.</summary>
/// <param name="Precision">Fraction of generated points inside the real data's manifold estimate (quality).</param>
/// <param name="Recall">Fraction of real points inside the generated data's manifold estimate (diversity).</param>
/// <param name="Density">Average number of real balls each generated point falls in, divided by k (can exceed 1).</param>
/// <param name="Coverage">Fraction of real points whose ball contains at least one generated point.</param>
/// <param name="K">The k used.</param>
public sealed record ManifoldScores(double Precision, double Recall, double Density, double Coverage, int K);
