using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// A network that predicts each next token from the tokens before it: <c>forward</c> maps token ids
/// <c>(B, T)</c> to logits <c>(B, T, V)</c>. The transformer (a GPT) and the LSTM share this contract, so
/// training, scoring and generation do not depend on the architecture.
/// </summary>
public abstract class CausalLanguageNetwork : nn.Module<Tensor, Tensor>
{
    private protected CausalLanguageNetwork(string name)
        : base(name)
    {
    }

    /// <summary>Token ids in use.</summary>
    public abstract int VocabularySize { get; }

    /// <summary>The longest context the network is trained and scored on.</summary>
    public abstract int ContextLength { get; }

    /// <summary>Width of <see cref="Features"/>.</summary>
    internal abstract int FeatureSize { get; }

    /// <summary>
    /// The contextual vector of every position, <c>(B, T, FeatureSize)</c>: what the network knows of the sequence up
    /// to and including each token, before its output layer (the body that fine-tuning and embeddings reuse).
    /// </summary>
    internal abstract Tensor Features(Tensor idx);

    /// <summary>A fresh decoding state for one sequence (a KV cache, or an LSTM's hidden state).</summary>
    internal abstract DecodingState StartDecoding();

    /// <summary>
    /// Feeds <paramref name="tokens"/> (the next tokens of the sequence) through the state and returns the
    /// logits of the token after them, <c>(1, V)</c>; the caller owns the tensor (it lives in the caller's dispose scope).
    /// </summary>
    internal abstract Tensor Feed(long[] tokens, DecodingState state);
}

/// <summary>What a network remembers of a sequence between decoding steps; its tensors outlive the steps' dispose scopes.</summary>
internal abstract class DecodingState : IDisposable
{
    /// <summary>Every token fed so far.</summary>
    public List<long> Tokens { get; } = [];

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    /// <summary>Replaces <paramref name="slot"/> with <paramref name="value"/>, which the state then owns (detached from every dispose scope); the old tensor is disposed.</summary>
    protected static void Keep(ref Tensor? slot, Tensor value)
    {
        var kept = value.DetachFromDisposeScope();
        if (!ReferenceEquals(slot, kept))
        {
            slot?.Dispose();
        }

        slot = kept;
    }
}
