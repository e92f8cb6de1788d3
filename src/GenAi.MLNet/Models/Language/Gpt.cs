// A GPT: a decoder-only transformer language model (Radford et al. 2018, 2019), in the layout of
// Karpathy's nanoGPT model.py so the two can be read side by side and their weights exchanged by name.
// Pre-LayerNorm blocks, causal self-attention, a GELU MLP, learned positions, input and output embeddings
// tied, dropout. Generation can reuse each layer's keys and values (the KV cache).
//
// Shapes: B batch, T tokens, C width (EmbeddingSize), H heads, D = C / H head size, V vocabulary.
using System;
using System.Linq;
using GenAi.MLNet.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GenAi.MLNet.Models.Language;

/// <summary>The size of a <see cref="Gpt"/>.</summary>
internal sealed record GptConfig(int VocabularySize, int ContextLength, int Layers, int Heads, int Width, double Dropout);

/// <summary>Causal self-attention: every position attends to itself and the positions before it.</summary>
internal sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_attn; // C -> 3C: queries, keys and values of all heads at once
    private readonly Linear c_proj; // C -> C
    private readonly Dropout resid_dropout;
    private readonly int _heads;
    private readonly int _width;
    private readonly double _dropout;

    public CausalSelfAttention(GptConfig config)
        : base(nameof(CausalSelfAttention))
    {
        c_attn = nn.Linear(config.Width, 3 * config.Width);
        c_proj = nn.Linear(config.Width, config.Width);
        resid_dropout = nn.Dropout(config.Dropout);
        _heads = config.Heads;
        _width = config.Width;
        _dropout = config.Dropout;
        RegisterComponents();
    }

    /// <summary>The output projection (initialised smaller, as GPT-2 does for residual outputs).</summary>
    public Linear OutputProjection => c_proj;

    // x (B, T, C) -> (B, T, C)
    public override Tensor forward(Tensor x)
    {
        var (b, t, c) = (x.shape[0], x.shape[1], x.shape[2]);
        return Attend(x.reshape(b * t, c), b, t, null).view(b, t, c);
    }

    /// <summary>Queries, keys and values of every head from the joint projection <c>(B, T, 3C)</c>: each <c>(B, H, T, D)</c>.</summary>
    internal static (Tensor Q, Tensor K, Tensor V) SplitHeads(Tensor qkv, int heads)
    {
        var parts = Heads(qkv, qkv.shape[0], qkv.shape[1], heads).unbind(0);  // 3 x (B, H, T, D)
        return (parts[0], parts[1], parts[2]);
    }

    // The joint projection of B·T positions, (B, T, 3C) or (B·T, 3C) -> (3, B, H, T, D): one view and one permute.
    private static Tensor Heads(Tensor qkv, long b, long t, int heads)
    {
        var c = qkv.shape[^1] / 3;
        return qkv.view(b, t, 3, heads, c / heads).permute(2, 0, 3, 1, 4);
    }

    /// <summary>
    /// Attention over the rows <paramref name="x"/> <c>(B·T, C)</c> of <paramref name="b"/> sequences of
    /// <paramref name="t"/> tokens, after the keys and values in <paramref name="cache"/> when decoding; <c>(B·T, C)</c>.
    /// </summary>
    public Tensor Attend(Tensor x, long b, long t, KvCache.Layer? cache)
    {
        var c = _width;
        var qkv = Heads(c_attn.call(x), b, t, _heads);                              // (3, B, H, T, D): queries, keys, values
        var past = 0L;
        Tensor q, k, v;
        if (cache is null)
        {
            var parts = qkv.unbind(0);
            (q, k, v) = (parts[0], parts[1], parts[2]);                                // 3 x (B, H, T, D)
        }
        else
        {
            past = cache.Length;
            q = qkv.select(0, 0);                                                      // (B, H, T, D)
            (k, v) = cache.Append(qkv.narrow(0, 1, 2), t);                              // 2 x (B, H, past + T, D)
        }

        // The causal flag masks a square score matrix; with a cache, one new token sees every key (no mask),
        // and several new tokens need the mask shifted by the cached length.
        Tensor y;
        if (ExplicitAttention)
        {
            y = Explicit(q, k, v, past);                                      // (B, H, T, D)
        }
        else if (past == 0)
        {
            y = F.scaled_dot_product_attention(q, k, v, p: _dropout > 0 && training ? _dropout : 0, is_casual: t > 1); // (B, H, T, D)
        }
        else if (t == 1)
        {
            y = F.scaled_dot_product_attention(q, k, v);
        }
        else
        {
            using var mask = ones(t, past + t, dtype: ScalarType.Bool, device: x.device).tril(past); // (T, past + T)
            y = F.scaled_dot_product_attention(q, k, v, mask);
        }

        // Heads side by side again, projected: (B·T, C). One token's (B, H, 1, D) is already in that order.
        y = c_proj.call(t == 1 ? y.view(b, c) : y.transpose(1, 2).reshape(b * t, c));
        return _dropout > 0 && training ? resid_dropout.call(y) : y;
    }

    /// <summary>The attention weights of the rows <paramref name="x"/> <c>(B·T, C)</c> (already normalised by ln_1): <c>(B, H, T, T)</c>, each query's row summing to 1.</summary>
    public Tensor Weights(Tensor x, long b, long t)
    {
        var parts = Heads(c_attn.call(x), b, t, _heads).unbind(0);                          // 3 x (B, H, T, D)
        var (q, k) = (parts[0], parts[1]);
        using var scale = (1.0 / Math.Sqrt(q.shape[3])).ToScalar();                         // held, not left to the finalizer (TorchScalars)
        var scores = q.matmul(k.transpose(-2, -1)).mul(scale);                               // (B, H, T, T)
        using var mask = ones(t, t, dtype: ScalarType.Bool, device: x.device).tril();
        return scores.masked_fill(mask.logical_not(), TorchScalars.NegativeInfinity).softmax(-1);
    }

    /// <summary>
    /// Computes attention as nanoGPT's fallback does (scores, mask, softmax, weighted values) instead of
    /// libtorch's fused kernel; the benchmark compares the two. Default false.
    /// </summary>
    internal static bool ExplicitAttention { get; set; }

    // q (B, H, T, D), k and v (B, H, past + T, D) -> (B, H, T, D)
    private Tensor Explicit(Tensor q, Tensor k, Tensor v, long past)
    {
        var t = q.shape[2];
        using var scale = (1.0 / Math.Sqrt(q.shape[3])).ToScalar();
        var att = q.matmul(k.transpose(-2, -1)).mul(scale);                          // (B, H, T, past + T)
        using var mask = ones(t, past + t, dtype: ScalarType.Bool, device: q.device).tril(past);
        att = att.masked_fill(mask.logical_not(), TorchScalars.NegativeInfinity).softmax(-1);
        if (_dropout > 0 && training)
        {
            att = nn.functional.dropout(att, _dropout, training: true);
        }

        return att.matmul(v);
    }
}

/// <summary>The position-wise MLP: C -> 4C -> GELU -> C.</summary>
internal sealed class GptMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_fc;
    private readonly GELU gelu;
    private readonly Linear c_proj;
    private readonly Dropout dropout;

    private readonly double _dropout;

    public GptMlp(GptConfig config)
        : base(nameof(GptMlp))
    {
        _dropout = config.Dropout;
        c_fc = nn.Linear(config.Width, 4 * config.Width);
        gelu = nn.GELU();
        c_proj = nn.Linear(4 * config.Width, config.Width);
        dropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public Linear OutputProjection => c_proj;

    // (B, T, C) -> (B, T, C)
    public override Tensor forward(Tensor x)
    {
        var y = c_proj.call(gelu.call(c_fc.call(x)));
        return _dropout > 0 && training ? dropout.call(y) : y;
    }
}

/// <summary>A pre-LayerNorm transformer block: x + attn(ln(x)), then x + mlp(ln(x)).</summary>
internal sealed class GptBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln_2;
    private readonly GptMlp mlp;

    public GptBlock(GptConfig config)
        : base(nameof(GptBlock))
    {
        ln_1 = nn.LayerNorm(config.Width);
        attn = new CausalSelfAttention(config);
        ln_2 = nn.LayerNorm(config.Width);
        mlp = new GptMlp(config);
        RegisterComponents();
    }

    public CausalSelfAttention Attention => attn;

    public GptMlp Mlp => mlp;

    // x (B, T, C) -> (B, T, C)
    public override Tensor forward(Tensor x)
    {
        var (b, t, c) = (x.shape[0], x.shape[1], x.shape[2]);
        return Forward(x.reshape(b * t, c), b, t, null).view(b, t, c);
    }

    /// <summary>The attention weights this block's attention computes for the rows <paramref name="x"/> <c>(B·T, C)</c>: <c>(B, H, T, T)</c>.</summary>
    public Tensor AttentionWeights(Tensor x, long b, long t) => attn.Weights(ln_1.call(x), b, t);

    // x (B·T, C): the rows of B sequences of T tokens -> (B·T, C)
    public Tensor Forward(Tensor x, long b, long t, KvCache.Layer? cache)
    {
        // Residual additions with a held alpha: an implicit one can be collected mid-call (TorchScalars).
        x = x.add(attn.Attend(ln_1.call(x), b, t, cache), TorchScalars.One);
        return x.add(mlp.call(ln_2.call(x)), TorchScalars.One);
    }
}

/// <summary>The GPT language model.</summary>
internal sealed class Gpt : CausalLanguageNetwork
{
    private readonly Embedding wte;             // token embeddings (V, C), also the output layer
    private readonly Embedding wpe;             // position embeddings (T_max, C)
    private readonly Dropout drop;
    private readonly ModuleList<GptBlock> h;
    private readonly LayerNorm ln_f;
    private readonly GptConfig _config;

    public Gpt(GptConfig config)
        : base(nameof(Gpt))
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Width % config.Heads != 0)
        {
            throw new ArgumentException($"The width {config.Width} is not a multiple of the {config.Heads} heads.", nameof(config));
        }

        _config = config;
        wte = nn.Embedding(config.VocabularySize, config.Width);
        wpe = nn.Embedding(config.ContextLength, config.Width);
        drop = nn.Dropout(config.Dropout);
        h = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new GptBlock(config)).ToArray());
        ln_f = nn.LayerNorm(config.Width);
        RegisterComponents();

        // GPT-2's initialisation: N(0, 0.02) weights, zero biases, and the projections into the residual
        // stream scaled by 1/sqrt(2 x layers) so the stream's variance does not grow with depth.
        using var noGrad = no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                nn.init.zeros_(p);
            }
            else if (name.StartsWith("wte", StringComparison.Ordinal) || name.StartsWith("wpe", StringComparison.Ordinal) || (p.dim() == 2 && !name.Contains("ln_", StringComparison.Ordinal)))
            {
                var std = name.EndsWith("c_proj.weight", StringComparison.Ordinal) ? 0.02 / Math.Sqrt(2.0 * config.Layers) : 0.02;
                nn.init.normal_(p, 0, std);
            }
        }
    }

    public override int VocabularySize => _config.VocabularySize;

    public override int ContextLength => _config.ContextLength;

    public GptConfig Config => _config;

    public ModuleList<GptBlock> Blocks => h;

    // idx (B, T) int64 -> logits (B, T, V)
    public override Tensor forward(Tensor idx)
    {
        var (b, t) = (idx.shape[0], idx.shape[1]);
        var x = ln_f.call(Hidden(idx, null));                                                 // (B·T, C)
        return F.linear(x, wte.weight!).view(b, t, _config.VocabularySize);                   // (B, T, V): tied output layer
    }

    internal override int FeatureSize => _config.Width;

    // idx (B, T) int64 -> (B, T, C): the final LayerNorm's output, what the tied output layer reads
    internal override Tensor Features(Tensor idx)
        => ln_f.call(Hidden(idx, null)).view(idx.shape[0], idx.shape[1], _config.Width);

    // idx (B, T) int64, after the tokens in the cache if any -> the last block's output rows (B·T, C)
    private Tensor Hidden(Tensor idx, KvCache? cache)
    {
        var (b, t) = (idx.shape[0], idx.shape[1]);
        var past = cache?.Length ?? 0;
        if (past + t > _config.ContextLength)
        {
            throw new ArgumentException($"{past + t} tokens exceed the context length {_config.ContextLength}.", nameof(idx));
        }

        // The blocks work on rows (B·T, C): their linear layers see a matrix, and only attention needs the
        // sequences apart.
        var x = wte.call(idx).add(wpe.weight!.narrow(0, past, t), TorchScalars.One).view(b * t, _config.Width);  // (B·T, C): tokens + positions
        if (_config.Dropout > 0 && training)
        {
            x = drop.call(x);
        }

        for (var i = 0; i < h.Count; i++)
        {
            // Each block's temporaries are released when it returns (autograd keeps what backward needs),
            // so a forward holds about one block's activations at a time, as in PyTorch. A decoding step's
            // few temporaries wait for the caller's scope instead: a scope per block costs more than they hold.
            if (cache is not null)
            {
                x = h[i].Forward(x, b, t, cache.Layers[i]);                                  // (B·T, C)
                continue;
            }

            using var scope = NewDisposeScope();
            x = h[i].Forward(x, b, t, null).MoveToOuterDisposeScope();                       // (B·T, C)
        }

        return x;
    }

    /// <summary>
    /// Looks inside one forward pass of <paramref name="idx"/> <c>(1, T)</c>: the residual stream before the first
    /// block and after each block, <c>Layers + 1</c> tensors <c>(T, C)</c>, and each block's attention weights,
    /// <c>Layers</c> tensors <c>(H, T, T)</c>.
    /// </summary>
    internal (Tensor[] Residual, Tensor[] Attention) Inspect(Tensor idx)
    {
        var t = idx.shape[1];
        var x = wte.call(idx).add(wpe.weight!.narrow(0, 0, t), TorchScalars.One).view(t, _config.Width);   // (T, C)
        var residual = new Tensor[h.Count + 1];
        var attention = new Tensor[h.Count];
        residual[0] = x;
        for (var i = 0; i < h.Count; i++)
        {
            attention[i] = h[i].AttentionWeights(x, 1, t).squeeze(0);                    // (H, T, T)
            x = h[i].Forward(x, 1, t, null);                                             // (T, C)
            residual[i + 1] = x;
        }

        return (residual, attention);
    }

    /// <summary>
    /// Whether decoding steps run in managed code (<see cref="GptDecoder"/>) rather than through libtorch, for an
    /// evaluating CPU model; the benchmark compares the two. Default true.
    /// </summary>
    internal static bool ManagedDecoding { get; set; } = true;

    internal override DecodingState StartDecoding()
        => ManagedDecoding && !(training && _config.Dropout > 0) && wte.weight!.device.type == DeviceType.CPU && wte.weight.dtype == ScalarType.Float32
            ? new GptDecoder(_config, named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter), this)
            : new KvCache(h.Count, _config.ContextLength);

    /// <summary>
    /// Feeds tokens through the cache. When the cache would pass the context length, it restarts from the
    /// last half-context of tokens (or all new ones, if more): positions are learned only up to the context
    /// length, so a long generation slides its window in steps of half a context instead of every token.
    /// </summary>
    internal override Tensor Feed(long[] tokens, DecodingState state)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (state is GptDecoder managed)
        {
            var logits = managed.Feed(tokens);                                 // (V)
            return tensor(logits, [1, logits.Length]);                         // (1, V)
        }

        var cache = (KvCache)state;
        var feed = NextFeed(cache, cache.Length, tokens, _config.ContextLength, out var restart);
        if (restart)
        {
            cache.Clear();
        }

        return LastLogits(feed, cache);                                        // (1, V)
    }

    /// <summary>
    /// Records <paramref name="tokens"/> in <paramref name="state"/> and says what to feed after the
    /// <paramref name="cached"/> tokens: the tokens themselves, or — when they would pass the context — the last
    /// half-context of tokens (or all new ones, if more) from position 0, the cache restarting.
    /// </summary>
    internal static long[] NextFeed(DecodingState state, long cached, long[] tokens, int context, out bool restart)
    {
        state.Tokens.AddRange(tokens);
        restart = cached + tokens.Length > context;
        if (!restart)
        {
            return tokens;
        }

        var keep = Math.Min(context, Math.Max(tokens.Length, context / 2));
        return state.Tokens.Skip(state.Tokens.Count - keep).ToArray();
    }

    // feed (T tokens after the cached ones) -> the logits of the token after the last, (1, V)
    private Tensor LastLogits(long[] feed, KvCache cache)
    {
        using var idx = tensor(feed, [1, feed.Length], device: wte.weight!.device); // (1, T)
        var last = Hidden(idx, cache).narrow(0, feed.Length - 1, 1);           // (1, C): only the last token's logits are needed
        return F.linear(ln_f.call(last), wte.weight!);                         // (1, V)
    }

    /// <summary>
    /// <paramref name="feed"/> from position 0 through a fresh cache in one batch: the last token's logits (V) and each
    /// layer's keys and values, (T, C) row-major with head h at [h·D, (h + 1)·D) (the managed decoder's layout).
    /// </summary>
    internal (float[] Logits, float[][] Keys, float[][] Values) Prefill(long[] feed)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var cache = new KvCache(h.Count, _config.ContextLength);
        var logits = new float[_config.VocabularySize];
        Core.TensorIO.CopyTo(LastLogits(feed, cache), logits);                                 // (V)
        var keys = new float[h.Count][];
        var values = new float[h.Count][];
        for (var i = 0; i < h.Count; i++)
        {
            var (k, v) = cache.Layers[i].Stored();                                                // (1, H, T, D) each
            keys[i] = new float[feed.Length * _config.Width];
            values[i] = new float[feed.Length * _config.Width];
            Core.TensorIO.CopyTo(k[0].transpose(0, 1), keys[i]);                                 // (T, H, D), row-major
            Core.TensorIO.CopyTo(v[0].transpose(0, 1), values[i]);
        }

        return (logits, keys, values);
    }
}
