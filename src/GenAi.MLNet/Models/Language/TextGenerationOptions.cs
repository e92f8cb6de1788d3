using System;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// How a language model generates text: how many tokens, and how each next token is drawn from the model's
/// distribution (greedy, temperature, top-k, top-p). Each property documents its default; <see cref="Validate"/>
/// names the option that is out of range.
/// </summary>
public sealed class TextGenerationOptions
{
    /// <summary>Tokens to generate after the prompt (fewer if the boundary token is drawn and <see cref="StopAtBoundary"/>). Default 200.</summary>
    public int MaxNewTokens { get; set; } = 200;

    /// <summary>
    /// Divides the logits before sampling: below 1 sharper, above 1 flatter. 0 means greedy decoding (always the
    /// most likely token). Default 1.
    /// </summary>
    public double Temperature { get; set; } = 1;

    /// <summary>Sample only among the k most likely tokens (Fan et al. 2018). Default null (all tokens).</summary>
    public int? TopK { get; set; }

    /// <summary>
    /// Nucleus sampling (Holtzman et al. 2020): sample only among the most likely tokens whose probabilities
    /// add up to at least p. Default null (all tokens).
    /// </summary>
    public double? TopP { get; set; }

    /// <summary>
    /// Seed of the sampling. Default null: the model's training seed. A completion depends only on the
    /// prompt, the options and this seed — never on the prompt's row, batch or thread — so runs reproduce.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>Reuse each step's keys and values (the transformer's KV cache) instead of recomputing the context. Default true.</summary>
    public bool UseCache { get; set; } = true;

    /// <summary>
    /// libtorch's threads while generating. Default 1: decoding one sequence is a long chain of tiny operations,
    /// and splitting each across threads costs more than it saves (the benchmark's 0.8M-parameter GPT took about
    /// 0.65 ms per KV-cached token on one thread and 1.55 ms on two, on a 2-core machine). Null: the model's
    /// <c>NumberOfThreads</c>.
    /// </summary>
    public int? NumberOfThreads { get; set; } = 1;

    /// <summary>End the completion when the model draws its boundary (end-of-text) token. Default true.</summary>
    public bool StopAtBoundary { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (MaxNewTokens < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "MaxNewTokens must be 0 or positive.");
        }

        if (!(Temperature >= 0) || double.IsInfinity(Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be 0 (greedy) or a positive, finite number.");
        }

        if (TopK is { } k && k <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TopK), k, "TopK must be positive (or null for all tokens).");
        }

        if (NumberOfThreads is { } threads && threads <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(NumberOfThreads), threads, "NumberOfThreads must be positive (or null for the model's setting).");
        }

        if (TopP is { } p && !(p > 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TopP), p, "TopP must lie in (0, 1] (or be null for all tokens).");
        }
    }
}
