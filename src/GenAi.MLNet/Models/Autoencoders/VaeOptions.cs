using System;

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>Options of the variational autoencoder.</summary>
public sealed class VaeOptions : AutoencoderOptions
{
    /// <summary>Weight of the KL term (beta-VAE, Higgins et al. 2017); 1 gives the true ELBO. Default 1.</summary>
    public double Beta { get; set; } = 1.0;

    /// <summary>Output column: the per-row negative ELBO (nats), an upper bound on -log p(x). Default <c>"NegativeElbo"</c>.</summary>
    public string NegativeElboColumnName { get; set; } = "NegativeElbo";

    /// <summary>Output column: the per-row KL(q(z|x) || N(0, I)) in nats (the "rate"). Default <c>"Kl"</c>.</summary>
    public string KlColumnName { get; set; } = "Kl";

    /// <summary>
    /// Monte-Carlo samples of z per row for the <c>NegativeElbo</c> column. The same noise draws
    /// (fixed by the seed) serve every row, so a row's value does not depend on its batch. Default 8.
    /// </summary>
    public int ElboSamples { get; set; } = 8;

    /// <summary>What the anomaly score column holds. Default <see cref="AnomalyScoreKind.NegativeElbo"/>.</summary>
    public AnomalyScoreKind AnomalyScore { get; set; } = AnomalyScoreKind.NegativeElbo;

    internal override bool IsVariational => true;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (!(Beta >= 0) || double.IsInfinity(Beta))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta), Beta, "Beta must be non-negative and finite.");
        }

        Positive(ElboSamples, nameof(ElboSamples));
        if (!Enum.IsDefined(AnomalyScore))
        {
            throw new ArgumentOutOfRangeException(nameof(AnomalyScore), AnomalyScore, "Unknown anomaly score.");
        }
    }

    internal override (string Name, string Value)[] OutputColumnNames() =>
        [.. base.OutputColumnNames(), (nameof(NegativeElboColumnName), NegativeElboColumnName), (nameof(KlColumnName), KlColumnName)];
}
