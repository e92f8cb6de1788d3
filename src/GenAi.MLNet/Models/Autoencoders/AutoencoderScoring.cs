using GenAi.MLNet.Core;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>The per-row quantities a fitted autoencoder reports: the negative ELBO and the anomaly score.</summary>
internal static class AutoencoderScoring
{
    /// <summary>The fixed noise draws of the negative-ELBO estimate, <c>(K, L)</c> (null for a plain autoencoder).</summary>
    public static Tensor? ElboNoise(AutoencoderOptions options, int seed, Device device)
    {
        if (options is not VaeOptions vae)
        {
            return null;
        }

        using var generator = TorchRandom.Generator(seed + 2);
        using var noise = randn([vae.ElboSamples, vae.LatentDimension], generator: generator);
        return noise.to(device).DetachFromDisposeScope();
    }

    /// <summary>
    /// -ELBO(x) = E_q[-log p(x|z)] + KL(q(z|x) || p(z)), the expectation estimated with the K fixed
    /// noise draws: z_k = mu + sigma * eps_k. Returns <c>(B)</c>.
    /// </summary>
    public static Tensor NegativeElbo(AutoencoderNetwork network, Tensor x, Tensor mu, Tensor logVar, Tensor noise)
    {
        var (b, k) = (mu.shape[0], noise.shape[0]);
        var std = logVar.Times(0.5).exp();                                    // (B, L)
        var z = mu.unsqueeze(0).Plus(std.unsqueeze(0) * noise.unsqueeze(1));  // (K, B, L)
        var output = network.Decode(z.reshape(k * b, -1));                   // (K*B, D)
        var xs = x.unsqueeze(0).expand(k, -1, -1).reshape(k * b, -1);         // (K*B, D)
        var nll = network.ReconstructionNll(output, xs).view(k, b).mean([0]); // (B)
        return nll.Plus(AutoencoderNetwork.KlDivergence(mu, logVar));
    }

    /// <summary>The anomaly score of each row, <c>(B)</c>: the negative ELBO or the reconstruction error.</summary>
    public static Tensor AnomalyScore(AutoencoderNetwork network, AutoencoderOptions options, Tensor x, Tensor? noise)
    {
        var (mu, logVar) = network.Encode(x);
        return options is VaeOptions { AnomalyScore: AnomalyScoreKind.NegativeElbo } && noise is not null
            ? NegativeElbo(network, x, mu, logVar, noise)
            : network.ReconstructionNll(network.Decode(mu), x);
    }
}
