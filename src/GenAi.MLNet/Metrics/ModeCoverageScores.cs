using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Metrics;

/// <summary>Mode-coverage scores of samples from a mixture of Gaussians.</summary>
/// <param name="ModesCaptured">Modes with at least one high-quality sample.</param>
/// <param name="Modes">Number of modes, K.</param>
/// <param name="HighQualityFraction">Fraction of samples within <c>threshold</c> standard deviations of their nearest mode.</param>
/// <param name="ReverseKl">KL(p_hat || uniform) in nats, p_hat the histogram of high-quality samples over modes; NaN when there are none.</param>
/// <param name="CountsPerMode">High-quality samples per mode.</param>
public sealed record ModeCoverageScores(int ModesCaptured, int Modes, double HighQualityFraction, double ReverseKl, int[] CountsPerMode);
