using System;
using GenAi.MLNet.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>Draws next tokens from logits: greedy, temperature, top-k and top-p, from a seeded generator.</summary>
internal static class TokenSampler
{
    /// <summary>The next token of each row of <paramref name="logits"/> <c>(B, V)</c>, as <c>(B)</c> int64.</summary>
    public static Tensor Next(Tensor logits, TextGenerationOptions options, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Temperature == 0)
        {
            return logits.argmax(-1);                                              // (B)
        }

        return multinomial(Probabilities(logits, options), 1, generator: generator).squeeze(-1); // (B)
    }

    /// <summary>The distribution <see cref="Next"/> samples from, <c>(B, V)</c>: tempered, then cut to top-k and top-p, renormalised.</summary>
    public static Tensor Probabilities(Tensor logits, TextGenerationOptions options)
    {
        var scaled = logits.dtype == ScalarType.Float32 ? logits : logits.to_type(ScalarType.Float32); // (B, V)
        if (options.Temperature != 1)
        {
            using var temperature = Math.Max(options.Temperature, 1e-6).ToScalar();   // held, not left to the finalizer (TorchScalars)
            scaled = scaled.div(temperature);
        }

        var vocabulary = scaled.shape[^1];
        if (options.TopK is { } k && k < vocabulary)
        {
            var kth = scaled.topk(k, dim: -1).values.narrow(-1, k - 1, 1);          // (B, 1): the k-th largest logit
            scaled = scaled.masked_fill(scaled < kth, TorchScalars.NegativeInfinity);
        }

        if (options.TopP is { } p && p < 1)
        {
            var (sorted, order) = scaled.sort(dim: -1, descending: true);               // (B, V)
            var cumulative = sorted.softmax(-1).cumsum(-1);                             // (B, V)
            // Drop a token when the tokens before it already reach p; the most likely token always stays.
            using var threshold = p.ToScalar();
            var drop = (cumulative - sorted.softmax(-1)).ge(threshold);                 // (B, V) in sorted order
            var dropped = zeros_like(drop).scatter(-1, order, drop);                    // (B, V) in vocabulary order
            scaled = scaled.masked_fill(dropped, TorchScalars.NegativeInfinity);
        }

        return scaled.softmax(-1);                                                       // (B, V)
    }
}
