using GenAi.MLNet.Core;
// A BERT-style encoder trained by masked language modelling (Devlin et al. 2019): every position attends to
// every other (no causal mask), so each token's vector depends on both sides of it. Learned positions, an
// embedding LayerNorm, pre-LayerNorm blocks (more stable at small scale than BERT's post-LN), and BERT's
// masked-LM head: dense -> GELU -> LayerNorm -> output layer tied to the token embeddings, plus a bias.
//
// Shapes: B batch, T tokens, C width, H heads, D = C / H, V vocabulary (the tokenizer's, plus [MASK] if it has none).
using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GenAi.MLNet.Models.Language;

/// <summary>Self-attention in both directions, skipping padded keys.</summary>
internal sealed class BidirectionalSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_attn; // C -> 3C
    private readonly Linear c_proj; // C -> C
    private readonly Dropout resid_dropout;
    private readonly int _heads;
    private readonly double _dropout;

    public BidirectionalSelfAttention(GptConfig config)
        : base(nameof(BidirectionalSelfAttention))
    {
        c_attn = nn.Linear(config.Width, 3 * config.Width);
        c_proj = nn.Linear(config.Width, config.Width);
        resid_dropout = nn.Dropout(config.Dropout);
        _heads = config.Heads;
        _dropout = config.Dropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => Attend(x, null);

    // x (B, T, C), keys (B, 1, 1, T) bool: true where a key may be attended to (null: all) -> (B, T, C)
    public Tensor Attend(Tensor x, Tensor? keys)
    {
        var (b, t, c) = (x.shape[0], x.shape[1], x.shape[2]);
        var (q, k, v) = CausalSelfAttention.SplitHeads(c_attn.call(x), _heads); // 3 x (B, H, T, D)
        var y = F.scaled_dot_product_attention(q, k, v, keys, p: _dropout > 0 && training ? _dropout : 0); // (B, H, T, D)
        y = c_proj.call(y.transpose(1, 2).reshape(b, t, c));                   // (B, T, C)
        return _dropout > 0 && training ? resid_dropout.call(y) : y;
    }
}

/// <summary>A pre-LayerNorm encoder block.</summary>
internal sealed class EncoderBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly BidirectionalSelfAttention attn;
    private readonly LayerNorm ln_2;
    private readonly GptMlp mlp;

    public EncoderBlock(GptConfig config)
        : base(nameof(EncoderBlock))
    {
        ln_1 = nn.LayerNorm(config.Width);
        attn = new BidirectionalSelfAttention(config);
        ln_2 = nn.LayerNorm(config.Width);
        mlp = new GptMlp(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => Forward(x, null);

    // (B, T, C) -> (B, T, C)
    public Tensor Forward(Tensor x, Tensor? keys)
    {
        x = x.Plus(attn.Attend(ln_1.call(x), keys));
        return x.Plus(mlp.call(ln_2.call(x)));
    }
}

/// <summary>
/// The masked language model: token ids <c>(B, T)</c> to logits <c>(B, T, V)</c> over the vocabulary at every
/// position, each computed from the whole sequence.
/// </summary>
public sealed class MaskedLanguageNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Embedding wte;              // (V, C), also the output layer
    private readonly Embedding wpe;              // (T_max, C)
    private readonly LayerNorm ln_e;
    private readonly Dropout drop;
    private readonly ModuleList<EncoderBlock> h;
    private readonly LayerNorm ln_f;
    private readonly Linear head_dense;          // C -> C
    private readonly LayerNorm head_ln;
    private readonly Parameter head_bias;        // (V)
    private readonly GptConfig _config;

    internal MaskedLanguageNetwork(GptConfig config)
        : base(nameof(MaskedLanguageNetwork))
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Width % config.Heads != 0)
        {
            throw new ArgumentException($"The width {config.Width} is not a multiple of the {config.Heads} heads.", nameof(config));
        }

        _config = config;
        wte = nn.Embedding(config.VocabularySize, config.Width);
        wpe = nn.Embedding(config.ContextLength, config.Width);
        ln_e = nn.LayerNorm(config.Width);
        drop = nn.Dropout(config.Dropout);
        h = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new EncoderBlock(config)).ToArray());
        ln_f = nn.LayerNorm(config.Width);
        head_dense = nn.Linear(config.Width, config.Width);
        head_ln = nn.LayerNorm(config.Width);
        head_bias = nn.Parameter(zeros(config.VocabularySize));
        RegisterComponents();

        // BERT's initialisation: N(0, 0.02) weights, zero biases (LayerNorms start at 1 and 0).
        using var noGrad = no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (p.dim() == 2)
            {
                nn.init.normal_(p, 0, 0.02);
            }
            else if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                nn.init.zeros_(p);
            }
        }
    }

    /// <summary>Token ids in use (with [MASK]).</summary>
    public int VocabularySize => _config.VocabularySize;

    /// <summary>The longest sequence the network reads.</summary>
    public int ContextLength => _config.ContextLength;

    internal GptConfig Config => _config;

    /// <summary>Logits <c>(B, T, V)</c> of token ids <c>(B, T)</c> with no padding.</summary>
    public override Tensor forward(Tensor idx) => Logits(idx, null);

    /// <summary>Logits <c>(B, T, V)</c>; <paramref name="valid"/> <c>(B, T)</c> marks real tokens (null: all), padding is never attended to.</summary>
    internal Tensor Logits(Tensor idx, Tensor? valid)
    {
        var x = Encode(idx, valid);                                             // (B, T, C)
        x = head_ln.call(F.gelu(head_dense.call(x)));                          // (B, T, C)
        return F.linear(x, wte.weight!).Plus(head_bias);                            // (B, T, V)
    }

    /// <summary>The contextual vector of every token, <c>(B, T, C)</c>, after the final LayerNorm.</summary>
    internal Tensor Encode(Tensor idx, Tensor? valid)
    {
        var t = idx.shape[1];
        if (t > _config.ContextLength)
        {
            throw new ArgumentException($"{t} tokens exceed the context length {_config.ContextLength}.", nameof(idx));
        }

        var x = ln_e.call(wte.call(idx).Plus(wpe.weight!.narrow(0, 0, t)));        // (B, T, C)
        if (_config.Dropout > 0 && training)
        {
            x = drop.call(x);
        }

        using var keys = valid?.unsqueeze(1).unsqueeze(1);                      // (B, 1, 1, T)
        for (var i = 0; i < h.Count; i++)
        {
            using var scope = NewDisposeScope();
            x = h[i].Forward(x, keys).MoveToOuterDisposeScope();               // (B, T, C)
        }

        return ln_f.call(x);
    }
}
