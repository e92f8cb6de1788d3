namespace GenAi.MLNet.Models.Boltzmann;

/// <summary>A deep belief network's variational lower bound on the log-probability of binary rows, nats.</summary>
/// <param name="Rows">The bound for each row (an unbiased estimate of it: a Monte Carlo average over <paramref name="Samples"/> draws).</param>
/// <param name="Mean">The mean over the rows.</param>
/// <param name="TopLogPartitionFunction">The top RBM's log Z the bound used (its uncertainty shifts every row's bound alike).</param>
/// <param name="Samples">Draws from the recognition distribution per row (1 for a single RBM, whose value is exact given Z).</param>
public sealed record LogLikelihoodBound(float[] Rows, double Mean, PartitionFunctionEstimate TopLogPartitionFunction, int Samples);
