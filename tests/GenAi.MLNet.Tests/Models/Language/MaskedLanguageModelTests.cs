using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Language;

/// <summary>A small character BERT on Persuasion: it fills masks far better than character frequencies and keeps its contract.</summary>
public sealed class MaskedLanguageModelTests(ITestOutputHelper output)
{
    private static readonly Lazy<string[]> s_paragraphs = new(() => File.ReadAllText(DataDirectory.File("text/austen_persuasion.txt"))
        .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Replace('\n', ' ').Trim()).Where(p => p.Length > 0).ToArray());

    private static readonly Lazy<(MaskedLanguageModelTransformer Model, string[] Test)> s_model = new(() =>
    {
        var paragraphs = s_paragraphs.Value;
        var cut = (int)(paragraphs.Length * 0.9);
        // Characters, so that the model gets past the masked-LM plateau (the loss sits at the unigram entropy for
        // ~800 steps, then drops once attention finds the neighbours) within a test's budget.
        var model = new MLContext(1).Generative().MaskedLanguageModel(new MaskedLanguageModelOptions
        {
            Tokenizer = TokenizerKind.Character, ContextLength = 32, Layers = 2, Heads = 4, EmbeddingSize = 64, Dropout = 0, Epochs = 20, MaxSteps = 1800, BatchSize = 64, LearningRate = 3e-3,
        }).Fit(Texts(paragraphs[..cut]));
        return (model, paragraphs[cut..]);
    });

    private static InMemoryDataView Texts(string[] texts) => new InMemoryDataView.Builder().AddText("Text", texts).Build();

    [Fact]
    public void Masked_characters_of_held_out_text_are_recovered_far_more_often_than_by_frequency()
    {
        var (model, test) = s_model.Value;
        var tokenizer = model.Tokenizer;
        var frequent = tokenizer.Encode(string.Join(" ", s_paragraphs.Value.Take((int)(s_paragraphs.Value.Length * 0.9))))
            .GroupBy(id => id).OrderByDescending(g => g.Count()).First().Key;
        int hits = 0, baseline = 0, total = 0;
        foreach (var paragraph in test.Where(p => p.Length > 40).Take(200))
        {
            // Mask the character in the middle of a 25-character window; the model sees both sides.
            var window = paragraph[..25];
            var text = window[..12] + "[MASK]" + window[13..];
            hits += model.FillMask(text, 1)[0][0].Token == window[12].ToString() ? 1 : 0;
            baseline += tokenizer.Encode(window[12].ToString())[0] == frequent ? 1 : 0;
            total++;
        }

        output.WriteLine(string.Join(", ", model.History.Epochs.Select(e => e.TrainLoss.ToString("F2", System.Globalization.CultureInfo.InvariantCulture))));
        output.WriteLine($"top-1 on {total} held-out masks: model {hits / (double)total:P0}, most frequent token '{tokenizer.TokenText(frequent)}' {baseline / (double)total:P0}; {model.ParameterCount} parameters, final train loss {model.History.Epochs[^1].TrainLoss:F3}");
        Assert.True(total >= 80);
        Assert.True(hits >= 0.4 * total && hits >= 2 * baseline, $"model {hits} vs frequency {baseline} of {total}");
    }

    [Fact]
    public void Masks_are_filled_with_probabilities_and_text_is_scored_by_pseudo_likelihood()
    {
        var (model, test) = s_model.Value;
        var fills = model.FillMask("Anne w[MASK]s th[MASK]re.", 5);
        Assert.Equal(2, fills.Count);
        Assert.All(fills, f =>
        {
            Assert.Equal(5, f.Count);
            Assert.True(f.Zip(f.Skip(1)).All(p => p.First.Probability >= p.Second.Probability));
            Assert.InRange(f.Sum(x => x.Probability), 0, 1.0001);
        });
        output.WriteLine(string.Join(" | ", fills.Select(f => string.Join(", ", f.Select(x => $"{x.Token} {x.Probability:F2}")))));

        var scored = model.Transform(Texts(["Anne was not [MASK] to see him.", "Captain Wentworth was there.", ".ereht saw htrowtneW niatpaC"]));
        var filled = scored.GetColumn<ReadOnlyMemory<char>>("Filled").Select(t => t.ToString()).ToArray();
        Assert.StartsWith("Anne was not ", filled[0], StringComparison.Ordinal);
        Assert.Equal("e", fills[1][0].Token);
        Assert.DoesNotContain("[MASK]", filled[0], StringComparison.Ordinal);
        Assert.Equal("Captain Wentworth was there.", filled[1]);
        var pll = scored.GetColumn<float>("PseudoLogLikelihood").ToArray();
        Assert.True(pll[1] > pll[2], $"text {pll[1]:F1} vs the same characters reversed {pll[2]:F1} nats");
        Assert.Throws<ArgumentException>(() => model.FillMask("no marker here"));
    }
}
