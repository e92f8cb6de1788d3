using System;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Models.Language;
using Xunit;
using static TorchSharp.torch;

namespace GenAi.MLNet.Tests.Models.Language;

public sealed class TokenSamplerTests
{
    // Probabilities 0.5, 0.3, 0.15, 0.05 (as logits).
    private static Tensor Logits() => tensor(new[] { 0.5f, 0.3f, 0.15f, 0.05f }).log().unsqueeze(0);

    private static float[] Probabilities(TextGenerationOptions options)
    {
        using var scope = NewDisposeScope();
        return TokenSampler.Probabilities(Logits(), options)[0].data<float>().ToArray();
    }

    [Fact]
    public void Greedy_takes_the_most_likely_token()
    {
        using var scope = NewDisposeScope();
        using var generator = TorchRandom.Generator(1);
        Assert.Equal(0, TokenSampler.Next(Logits(), new TextGenerationOptions { Temperature = 0 }, generator).item<long>());
    }

    [Fact]
    public void Top_k_keeps_the_k_most_likely_tokens_renormalised()
    {
        var p = Probabilities(new TextGenerationOptions { TopK = 2 });
        Assert.Equal(0.625, p[0], 4);
        Assert.Equal(0.375, p[1], 4);
        Assert.Equal(0, p[2]);
        Assert.Equal(0, p[3]);
    }

    [Theory]
    [InlineData(0.5, 1)]   // the first token alone reaches 0.5
    [InlineData(0.6, 2)]   // 0.5 + 0.3
    [InlineData(0.81, 3)]  // 0.5 + 0.3 + 0.15
    [InlineData(1.0, 4)]
    public void Top_p_keeps_the_smallest_set_reaching_p(double topP, int kept)
    {
        var p = Probabilities(new TextGenerationOptions { TopP = topP });
        Assert.Equal(kept, p.Count(v => v > 0));
        Assert.Equal(1.0, p.Sum(), 4);
    }

    [Fact]
    public void Temperature_sharpens_and_flattens()
    {
        var cold = Probabilities(new TextGenerationOptions { Temperature = 0.5 });
        var hot = Probabilities(new TextGenerationOptions { Temperature = 2 });
        Assert.Equal(0.25 / (0.25 + 0.09 + 0.0225 + 0.0025), cold[0], 4); // p^2 renormalised
        Assert.True(hot[3] > 0.05 && cold[3] < 0.05);
    }

    [Fact]
    public void Samples_follow_the_distribution_and_a_seed_repeats_them()
    {
        using var scope = NewDisposeScope();
        var logits = Logits().expand(20000, 4);
        using var g1 = TorchRandom.Generator(7);
        using var g2 = TorchRandom.Generator(7);
        var a = TokenSampler.Next(logits, new TextGenerationOptions(), g1).data<long>().ToArray();
        var b = TokenSampler.Next(logits, new TextGenerationOptions(), g2).data<long>().ToArray();
        Assert.Equal(a, b);
        var expected = new[] { 0.5, 0.3, 0.15, 0.05 };
        for (var k = 0; k < 4; k++)
        {
            var share = a.Count(t => t == k) / 20000.0;
            Assert.True(Math.Abs(share - expected[k]) < 0.015, $"token {k}: {share:F3} vs {expected[k]}");
        }
    }

    [Fact]
    public void Bad_options_are_named()
    {
        Assert.Equal("Temperature", Assert.ThrowsAny<ArgumentException>(() => new TextGenerationOptions { Temperature = -1 }.Validate()).ParamName);
        Assert.Equal("TopK", Assert.ThrowsAny<ArgumentException>(() => new TextGenerationOptions { TopK = 0 }.Validate()).ParamName);
        Assert.Equal("TopP", Assert.ThrowsAny<ArgumentException>(() => new TextGenerationOptions { TopP = 1.5 }.Validate()).ParamName);
        Assert.Equal("MaxNewTokens", Assert.ThrowsAny<ArgumentException>(() => new TextGenerationOptions { MaxNewTokens = -1 }.Validate()).ParamName);
        Assert.Equal("NumberOfThreads", Assert.ThrowsAny<ArgumentException>(() => new TextGenerationOptions { NumberOfThreads = 0 }.Validate()).ParamName);
    }
}
