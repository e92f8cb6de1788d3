namespace GenAi.MLNet.Models.Gan;

/// <summary>Samples generated from fixed noise after an epoch, for plotting how training progresses.</summary>
/// <param name="Epoch">The epoch just finished.</param>
/// <param name="GeneratorSteps">Generator steps taken by then.</param>
/// <param name="Samples">The generated rows.</param>
/// <param name="Labels">Their conditioning classes (zero-based indices into <see cref="GanTransformer.ClassNames"/>), for a conditional GAN.</param>
public sealed record GanSnapshot(int Epoch, long GeneratorSteps, float[][] Samples, int[]? Labels);
