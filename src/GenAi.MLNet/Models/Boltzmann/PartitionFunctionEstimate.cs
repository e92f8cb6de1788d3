namespace GenAi.MLNet.Models.Boltzmann;

/// <summary>
/// An annealed-importance-sampling estimate of an RBM's log partition function, with the ±3 standard-error
/// interval of the mean importance weight taken to log space (the lower end is -∞ when that interval reaches 0).
/// </summary>
/// <param name="LogZ">The estimate of log Z, nats.</param>
/// <param name="Lower">log of (mean weight − 3 standard errors), times the base model's Z.</param>
/// <param name="Upper">log of (mean weight + 3 standard errors), times the base model's Z.</param>
/// <param name="Runs">Independent AIS runs.</param>
/// <param name="Temperatures">Intermediate distributions per run.</param>
public sealed record PartitionFunctionEstimate(double LogZ, double Lower, double Upper, int Runs, int Temperatures);
