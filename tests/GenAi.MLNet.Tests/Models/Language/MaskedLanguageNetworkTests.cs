using System;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Text;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenAi.MLNet.Tests.Models.Language;

public sealed class MaskedLanguageNetworkTests(ITestOutputHelper output)
{
    private static MaskedLanguageNetwork Model() => TorchRandom.Build(3, () => new MaskedLanguageNetwork(new GptConfig(VocabularySize: 12, ContextLength: 16, Layers: 2, Heads: 2, Width: 32, Dropout: 0)));

    [Fact]
    public void Every_position_sees_both_sides_and_padding_is_never_seen()
    {
        using var net = Model();
        net.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = tensor(Enumerable.Range(0, 10).Select(i => (long)(i % 11)).ToArray()).unsqueeze(0);
        var b = a.clone();
        b[0, 7] = 3;
        var la = net.call(a);
        var lb = net.call(b);
        Assert.False(la[0, 2].allclose(lb[0, 2], atol: 1e-4), "an earlier position did not see a later token");

        // The same tokens with padding after them give the same logits where the tokens are.
        var padded = cat([a, full(1, 6, 5L)], 1);
        var valid = cat([ones(1, 10, dtype: ScalarType.Bool), zeros(1, 6, dtype: ScalarType.Bool)], 1);
        Assert.True(net.Logits(padded, valid)[.., ..10].allclose(la, atol: 1e-5));
    }

    [Fact]
    public void Training_learns_a_task_that_needs_the_context()
    {
        // Each window alternates two random tokens: a masked token is the one two positions away, not its neighbours.
        var tokenizer = (CharacterTokenizer)TextTokenizer.Characters(["abcdefghij"]);
        using var net = TorchRandom.Build(3, () => MaskedLanguageModelFamily.CreateNetwork(new MaskedLanguageModelOptions { ContextLength = 16, Layers = 2, Heads = 2, EmbeddingSize = 32, Dropout = 0 }, tokenizer));
        net.train();
        using var generator = TorchRandom.Generator(1);
        var options = new MaskedLanguageModelOptions();
        var optimizer = new GenAi.MLNet.Training.Optimizers.AdamW(net.parameters(), 3e-3, 0.9, 0.99);
        var random = new Random(2);
        float loss = 0;
        for (var step = 0; step < 300; step++)
        {
            using var scope = NewDisposeScope();
            var windows = Enumerable.Range(0, 32).Select(_ => { var a = random.Next(1, 11); var b = random.Next(1, 11); return Enumerable.Range(0, 16).Select(i => (long)(i % 2 == 0 ? a : b)).ToArray(); }).ToArray();
            optimizer.ZeroGrad();
            var value = MaskedLanguageModelFamily.Loss(net, windows, options, tokenizer, generator, CPU);
            value.backward();
            optimizer.Step();
            loss = value.item<float>();
        }

        output.WriteLine($"masked-token loss after 300 steps: {loss:F3} nats (uniform {Math.Log(10):F3})");
        Assert.True(loss < 0.5, $"loss {loss:F3}");
    }
}
