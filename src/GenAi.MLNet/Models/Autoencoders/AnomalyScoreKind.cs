namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>What the anomaly score column holds (higher = more anomalous).</summary>
public enum AnomalyScoreKind
{
    /// <summary>The per-row reconstruction negative log-likelihood of the decoded posterior mean.</summary>
    ReconstructionError,

    /// <summary>The per-row negative ELBO (VAE only): reconstruction plus KL, an upper bound on -log p(x).</summary>
    NegativeElbo,
}
