// An LSTM language model (Hochreiter and Schmidhuber 1997; as a language model, Zaremba et al. 2014):
// embeddings -> stacked LSTM -> logits, with the output layer optionally tied to the embeddings
// (Press and Wolf 2017; a projection H -> E first when the sizes differ).
//
// Shapes: B batch, T tokens, E embedding size, H hidden size, V vocabulary.
using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GenAi.MLNet.Models.Language;

/// <summary>The size of an <see cref="LstmLanguageNetwork"/>.</summary>
internal sealed record LstmConfig(int VocabularySize, int ContextLength, int Layers, int EmbeddingSize, int HiddenSize, double Dropout, bool TieEmbeddings);

/// <summary>The LSTM language model.</summary>
internal sealed class LstmLanguageNetwork : CausalLanguageNetwork
{
    private readonly Embedding embedding;   // (V, E)
    private readonly Dropout drop;
    private readonly LSTM lstm;             // E -> H, Layers deep
    private readonly Linear? projection;    // H -> E, when tied and H != E
    private readonly Linear? head;          // H -> V, when not tied
    private readonly LstmConfig _config;

    public LstmLanguageNetwork(LstmConfig config)
        : base(nameof(LstmLanguageNetwork))
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        embedding = nn.Embedding(config.VocabularySize, config.EmbeddingSize);
        drop = nn.Dropout(config.Dropout);
        lstm = nn.LSTM(config.EmbeddingSize, config.HiddenSize, config.Layers, batchFirst: true, dropout: config.Layers > 1 ? config.Dropout : 0);
        if (config.TieEmbeddings)
        {
            projection = config.HiddenSize == config.EmbeddingSize ? null : nn.Linear(config.HiddenSize, config.EmbeddingSize, hasBias: false);
        }
        else
        {
            head = nn.Linear(config.HiddenSize, config.VocabularySize);
        }

        RegisterComponents();
        using var noGrad = no_grad();
        nn.init.normal_(embedding.weight!, 0, 0.1);
    }

    public override int VocabularySize => _config.VocabularySize;

    public override int ContextLength => _config.ContextLength;

    // idx (B, T) -> logits (B, T, V)
    public override Tensor forward(Tensor idx) => Forward(idx, null);

    private Tensor Forward(Tensor idx, LstmState? state)
    {
        var x = drop.call(embedding.call(idx));                               // (B, T, E)
        var (y, hn, cn) = lstm.call(x, state?.Hidden);                       // y (B, T, H); hn, cn (Layers, B, H)
        state?.Update(hn, cn);
        y = drop.call(y);
        if (head is not null)
        {
            return head.call(y);                                              // (B, T, V)
        }

        if (projection is not null)
        {
            y = projection.call(y);                                           // (B, T, E)
        }

        return F.linear(y, embedding.weight!);                                // (B, T, V): tied output layer
    }

    internal override int FeatureSize => _config.HiddenSize;

    internal LstmConfig Config => _config;

    // idx (B, T) -> (B, T, H): the last layer's hidden states
    internal override Tensor Features(Tensor idx) => lstm.call(drop.call(embedding.call(idx))).Item1;

    internal override DecodingState StartDecoding() => new LstmState();

    /// <summary>Feeds tokens through the hidden state; an LSTM's state carries the whole history, so it never restarts.</summary>
    internal override Tensor Feed(long[] tokens, DecodingState state)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        state.Tokens.AddRange(tokens);
        using var idx = tensor(tokens, device: embedding.weight!.device).unsqueeze(0); // (1, T)
        using var logits = Forward(idx, (LstmState)state);                            // (1, T, V)
        return logits.select(1, -1);                                                    // (1, V)
    }

    private sealed class LstmState : DecodingState
    {
        private Tensor? _h;
        private Tensor? _c;

        public (Tensor, Tensor)? Hidden => _h is null ? null : (_h, _c!);

        public void Update(Tensor h, Tensor c)
        {
            Keep(ref _h, h);
            Keep(ref _c, c);
        }

        protected override void Dispose(bool disposing)
        {
            _h?.Dispose();
            _c?.Dispose();
        }
    }
}
