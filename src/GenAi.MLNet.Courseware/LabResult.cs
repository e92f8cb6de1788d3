using GenAi.MLNet.Metrics;
using GenAi.MLNet.Models.Gan;

namespace GenAi.MLNet.Courseware;

/// <summary>One training run of the lab and its scores.</summary>
/// <param name="Configuration">Configuration name.</param>
/// <param name="Data">"ring" or "grid".</param>
/// <param name="Seed">Seed of the run.</param>
/// <param name="Scores">Mode coverage of the evaluation samples.</param>
/// <param name="Seconds">Training time.</param>
/// <param name="GeneratorSteps">Generator steps taken.</param>
/// <param name="Samples">The evaluation samples.</param>
/// <param name="Model">The trained GAN (history, snapshots).</param>
public sealed record LabResult(string Configuration, string Data, int Seed, ModeCoverageScores Scores, double Seconds, long GeneratorSteps, float[][] Samples, GanTransformer Model);
