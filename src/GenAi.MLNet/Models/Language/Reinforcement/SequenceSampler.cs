using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>A sampled completion: the prompt's ids (boundary token first), the sampled ids (ending with the boundary token when the model stopped) and its text.</summary>
internal sealed record SampledCompletion(int Prompt, long[] PromptIds, long[] Actions, string Text);

/// <summary>The network's next-token distribution is not finite (its weights diverged).</summary>
internal sealed class NonFiniteLogitsException : Exception
{
    public NonFiniteLogitsException()
        : base("The language model's next-token probabilities are not finite: its weights diverged.")
    {
    }
}

/// <summary>Batched ancestral sampling from a causal language model at temperature 1, and the log-probability of completions.</summary>
internal static class SequenceSampler
{
    /// <summary>The ids a prompt is read as: the boundary token and its tokens.</summary>
    public static long[] PromptIds(TextTokenizer tokenizer, string prompt) => [tokenizer.BoundaryId, .. tokenizer.Encode(prompt)];

    /// <summary>
    /// <paramref name="perPrompt"/> completions of every prompt, at most <paramref name="maxNewTokens"/> tokens (and
    /// the context) long; prompts of one length are sampled together, a token at a time over the whole prefix.
    /// </summary>
    /// <exception cref="ArgumentException">A prompt fills the model's context (named by <paramref name="column"/>).</exception>
    public static List<SampledCompletion> Sample(CausalLanguageNetwork network, TextTokenizer tokenizer, IReadOnlyList<string> prompts, int perPrompt, int maxNewTokens, Generator generator, Device device, string column)
    {
        var ids = prompts.Select(p => PromptIds(tokenizer, p)).ToArray();
        var results = new SampledCompletion[ids.Length * perPrompt];
        using var noGrad = no_grad();
        foreach (var group in Enumerable.Range(0, ids.Length).GroupBy(i => ids[i].Length))
        {
            var length = group.Key;
            var room = Math.Min(maxNewTokens, network.ContextLength - length + 1);
            if (room < 1)
            {
                throw new ArgumentException($"A prompt of column '{column}' has {length - 1} tokens; the model's context holds {network.ContextLength}, so nothing is left to generate.", column);
            }

            var rows = group.SelectMany(i => Enumerable.Repeat(i, perPrompt)).ToArray();
            using var scope = NewDisposeScope();
            var seq = tensor(rows.SelectMany(i => ids[i]).ToArray(), [rows.Length, length], device: device);     // (G, P)
            var done = zeros(rows.Length, dtype: ScalarType.Bool, device: device);                                 // (G)
            var boundary = tensor(tokenizer.BoundaryId, device: device);
            for (var t = 0; t < room; t++)
            {
                using var step = NewDisposeScope();
                var window = seq.shape[1] > network.ContextLength ? seq.narrow(1, seq.shape[1] - network.ContextLength, network.ContextLength) : seq;
                var probabilities = network.call(window).select(1, -1).softmax(-1);                                 // (G, V)
                if (!probabilities.isfinite().all().item<bool>())
                {
                    throw new NonFiniteLogitsException();
                }

                var next = multinomial(probabilities, 1, generator: generator).squeeze(1);                          // (G)
                next = where(done, boundary, next);
                var grown = cat([seq, next.unsqueeze(1)], 1).MoveToOuterDisposeScope();                             // (G, P + t + 1)
                seq = grown;
                done = done.logical_or(next.eq(boundary)).MoveToOuterDisposeScope();
                if (done.all().item<bool>())
                {
                    break;
                }
            }

            var values = seq.data<long>().ToArray();
            var width = (int)seq.shape[1];
            for (var g = 0; g < rows.Length; g++)
            {
                var generated = values.AsSpan((g * width) + length, width - length).ToArray();
                var end = Array.IndexOf(generated, tokenizer.BoundaryId);
                var actions = end >= 0 ? generated[..(end + 1)] : generated;
                var text = tokenizer.Decode(end >= 0 ? generated[..end] : generated);
                var slot = (rows[g] * perPrompt) + (g % perPrompt);   // a prompt's completions are consecutive
                results[slot] = new SampledCompletion(rows[g], ids[rows[g]], actions, text);
            }
        }

        return [.. results];
    }

    /// <summary>log π(actions | prompt) of each completion, summed over its sampled tokens (the final boundary token included): (N).</summary>
    public static Tensor LogProbability(CausalLanguageNetwork network, IReadOnlyList<SampledCompletion> completions, Device device)
    {
        var length = completions.Max(c => c.PromptIds.Length + c.Actions.Length);
        var t = length - 1;
        var inputs = new long[completions.Count * t];
        var targets = new long[completions.Count * t];
        var mask = new float[completions.Count * t];
        for (var i = 0; i < completions.Count; i++)
        {
            var c = completions[i];
            long[] full = [.. c.PromptIds, .. c.Actions];
            Array.Copy(full, 0, inputs, i * t, full.Length - 1);
            Array.Copy(full, 1, targets, i * t, full.Length - 1);
            for (var j = c.PromptIds.Length - 1; j < full.Length - 1; j++)
            {
                mask[(i * t) + j] = 1;
            }
        }

        var x = tensor(inputs, [completions.Count, t], device: device);                              // (N, T)
        var y = tensor(targets, [completions.Count, t], device: device);                             // (N, T)
        var m = tensor(mask, [completions.Count, t], device: device);                                // (N, T)
        var logp = network.call(x).log_softmax(-1).gather(2, y.unsqueeze(2)).squeeze(2);             // (N, T)
        return (logp * m).sum(1);                                                                    // (N)
    }
}
