using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Text;

/// <summary>A text family on the kit passes the same contract: lines of Jane Austen's Persuasion.</summary>
public sealed class CharBigramConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<CharBigramTransformer>(output)
{
    private static readonly Lazy<string[]> s_lines = new(() => File.ReadLines(DataDirectory.File("text/austen_persuasion.txt"))
        .Select(l => l.Trim()).Where(l => l.Length > 0).Take(800).ToArray());

    protected override IDataView TrainingData() => Lines(0, 600);

    protected override IDataView ScoringData() => Lines(600, 200);

    protected override string[] OutputColumns => ["Tokens", "NllPerChar"];

    protected override RowFactory Rows { get; } = new TextRowFactory("Text");

    protected override IEstimator<CharBigramTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new CharBigramOptions { Epochs = 2, BatchSize = 64, LearningRate = 0.05 };
        configure?.Invoke(o);
        return new CharBigramEstimator(mlContext, o);
    }

    protected override void MakeDiverge(TorchTrainerOptions options) => ((CharBigramOptions)options).LogitScale = double.PositiveInfinity;

    [Fact]
    public void Text_becomes_token_ids_that_decode_back_and_training_lowers_the_nll()
    {
        var model = new CharBigramEstimator(new MLContext(1), new CharBigramOptions { Epochs = 5, BatchSize = 64, LearningRate = 0.05 }).Fit(TrainingData());
        var scored = model.Transform(ScoringData());
        var texts = ScoringData().GetColumn<ReadOnlyMemory<char>>("Text").Select(t => t.ToString()).ToArray();
        var tokens = scored.GetColumn<VBuffer<long>>("Tokens").Select(v => v.DenseValues().ToArray()).ToArray();
        Assert.Equal(texts.Length, tokens.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            var known = new string(texts[i].Select(c => model.Tokenizer.Alphabet.Contains(c, StringComparison.Ordinal) ? c : '\uFFFD').ToArray());
            Assert.Equal(known, model.Tokenizer.Decode(tokens[i]));
        }

        var nll = scored.GetColumn<float>("NllPerChar").Average();
        var uniform = Math.Log(model.Tokenizer.VocabularySize);
        Assert.True(nll < 0.75 * uniform, $"bigram NLL {nll:F3} nats/char vs uniform {uniform:F3}");
        Assert.True(model.History.Epochs[^1].TrainLoss < model.History.Epochs[0].TrainLoss);
    }

    private static InMemoryDataView Lines(int skip, int take)
        => new InMemoryDataView.Builder().AddText("Text", s_lines.Value.Skip(skip).Take(take).ToArray()).Build();
}
