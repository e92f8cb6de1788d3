using GenAi.MLNet.Core;
using System;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>WaveNet's training: maximum likelihood, the mean over predicted samples of −log p in nats.</summary>
internal static class WaveNetTraining
{
    public static LikelihoodTraining Create(WaveNetNetwork network, WaveNetOptions options)
        => new(network, options, "nll per sample", x =>
        {
            var classes = Classes(network, x);                                                   // (B, T)
            return network.NegativeLogLikelihood(classes).mean().Over(classes.shape[1] - 1);
        });

    /// <summary>Samples (B, T) in [−1, 1] → μ-law classes (B, T), int64, computed as <see cref="Data.MuLaw"/> does.</summary>
    internal static Tensor Classes(WaveNetNetwork network, Tensor x)
    {
        var mu = network.Levels - 1;
        var c = x.Clamp(-1, 1);
        var f = (c.sign() * c.abs().Times(mu).Plus(1).log()).Over(Math.Log(1 + mu));                        // (B, T) in [−1, 1]
        return f.Plus(1).Over(2).Times(mu).round().Clamp(0, mu).to(ScalarType.Int64);
    }
}
