using System;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Models.Language;
using Xunit;
using static TorchSharp.torch;

namespace GenAi.MLNet.Tests.Models.Language;

public sealed class GptTests
{
    private static Gpt Model(int context = 16, double dropout = 0)
    {
        var gpt = TorchRandom.Build(3, () => new Gpt(new GptConfig(VocabularySize: 11, ContextLength: context, Layers: 2, Heads: 2, Width: 16, Dropout: dropout)));
        gpt.eval();
        return gpt;
    }

    private static long[] Tokens(int n, int seed) => Enumerable.Range(0, n).Select(i => (long)((i * 7 + seed) % 11)).ToArray();

    [Fact]
    public void Parameters_are_nanoGPTs_count()
    {
        using var gpt = Model();
        // Tied embeddings V x C, positions T x C, per block 12 C^2 + 13 C, final LayerNorm 2 C.
        const int c = 16;
        Assert.Equal((11 * c) + (16 * c) + (2 * ((12 * c * c) + (13 * c))) + (2 * c), gpt.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void A_position_sees_only_the_tokens_before_it()
    {
        using var gpt = Model();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = Tokens(12, 0);
        var b = a.ToArray();
        b[7] = (b[7] + 1) % 11;
        var la = gpt.call(tensor(a).unsqueeze(0));
        var lb = gpt.call(tensor(b).unsqueeze(0));
        Assert.True(la[.., ..7].allclose(lb[.., ..7], atol: 1e-6), "logits before the changed token moved");
        Assert.False(la[.., 7..].allclose(lb[.., 7..], atol: 1e-3), "logits after the changed token did not move");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void The_kv_cache_gives_the_logits_of_a_full_forward(int prompt)
    {
        using var gpt = Model();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var tokens = Tokens(16, 3);
        var full = gpt.call(tensor(tokens).unsqueeze(0)); // (1, 16, V)
        using var state = gpt.StartDecoding();
        var logits = gpt.Feed(tokens[..prompt], state);
        Assert.True(logits.allclose(full[.., prompt - 1], atol: 1e-5));
        for (var i = prompt; i < 12; i++)
        {
            logits = gpt.Feed([tokens[i]], state);
            Assert.True(logits.allclose(full[.., i], atol: 1e-5), $"position {i}");
        }

        // Several new tokens after a cache need the shifted causal mask.
        logits = gpt.Feed(tokens[12..], state);
        Assert.True(logits.allclose(full[.., 15], atol: 1e-5));
    }

    /// <summary>
    /// The managed decoding step (the default) against libtorch's cached step, on a wider model whose weights are
    /// scaled up so activations reach GELU's curved region and LayerNorm's scale matters: a prompt, then single tokens
    /// past two cache restarts.
    /// </summary>
    [Fact]
    public void Managed_and_libtorch_decoding_steps_agree()
    {
        using var gpt = TorchRandom.Build(5, () => new Gpt(new GptConfig(VocabularySize: 11, ContextLength: 16, Layers: 3, Heads: 4, Width: 32, Dropout: 0)));
        gpt.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var p in gpt.parameters())
        {
            p.mul_(p.dim() == 2 ? 8 : 1);
        }

        Assert.IsType<GptDecoder>(gpt.StartDecoding());
        var tokens = Tokens(40, 2);
        using var managed = new GptDecoder(gpt.Config, gpt.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter));
        using var cache = new KvCache(gpt.Config.Layers, gpt.Config.ContextLength);
        var expected = gpt.Feed(tokens[..6], cache);
        var actual = gpt.Feed(tokens[..6], managed);
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-4), $"prompt: max difference {(actual - expected).abs().max().item<float>()}");
        for (var i = 6; i < tokens.Length; i++)
        {
            expected = gpt.Feed([tokens[i]], cache);
            actual = gpt.Feed([tokens[i]], managed);
            Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-4), $"position {i}: max difference {(actual - expected).abs().max().item<float>()}");
        }

        Assert.True(expected.abs().max().item<float>() > 1, "the logits are not trivially small");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => gpt.Feed([11], managed));
        Assert.Contains("outside the vocabulary of 11", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Past_the_context_the_cache_restarts_from_the_last_half_context()
    {
        using var gpt = Model(context: 8);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var tokens = Tokens(9, 1);
        using var state = gpt.StartDecoding();
        gpt.Feed(tokens[..8], state);
        var logits = gpt.Feed([tokens[8]], state);
        var expected = gpt.call(tensor(tokens[5..]).unsqueeze(0)).select(1, -1); // the last 4 tokens from position 0
        Assert.True(logits.allclose(expected, atol: 1e-5));
        Assert.Equal(9, state.Tokens.Count);
    }

    [Fact]
    public void Fused_and_explicit_attention_agree_in_values_and_gradients()
    {
        using var gpt = Model();
        using var scope = NewDisposeScope();
        var tokens = tensor(Tokens(16, 5)).unsqueeze(0);
        var fused = gpt.call(tokens);
        fused.sum().backward();
        var fusedGrad = gpt.parameters().First().grad!.clone();
        gpt.zero_grad();
        try
        {
            CausalSelfAttention.ExplicitAttention = true;
            var explicitLogits = gpt.call(tokens);
            explicitLogits.sum().backward();
            Assert.True(fused.allclose(explicitLogits, atol: 1e-5));
            Assert.True(fusedGrad.allclose(gpt.parameters().First().grad!, atol: 1e-5));
        }
        finally
        {
            CausalSelfAttention.ExplicitAttention = false;
        }
    }

    [Fact]
    public void More_tokens_than_the_context_are_refused()
    {
        using var gpt = Model(context: 8);
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => gpt.call(tensor(Tokens(9, 0)).unsqueeze(0)));
        Assert.Contains("context length 8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lstm_state_gives_the_logits_of_a_full_forward()
    {
        using var lstm = TorchRandom.Build(3, () => new LstmLanguageNetwork(new LstmConfig(11, 16, 2, 8, 12, 0, TieEmbeddings: true)));
        lstm.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var tokens = Tokens(10, 2);
        var full = lstm.call(tensor(tokens).unsqueeze(0));
        using var state = lstm.StartDecoding();
        lstm.Feed(tokens[..4], state);
        Tensor logits = null!;
        for (var i = 4; i < 10; i++)
        {
            logits = lstm.Feed([tokens[i]], state);
        }

        Assert.True(logits.allclose(full[.., 9], atol: 1e-5));
    }
}
