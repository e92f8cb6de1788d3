using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GenAi.MLNet.Tests.Text;

public sealed class TextTokenizingTransformerTests
{
    private static readonly string[] s_lines = File.ReadLines(DataDirectory.File("text/austen_persuasion.txt")).Where(l => l.Length > 0).Take(2000).ToArray();

    private static InMemoryDataView Texts(string[] texts, string column = "Text") => new InMemoryDataView.Builder().AddText(column, texts).Build();

    [Theory]
    [InlineData(TokenizerKind.Character)]
    [InlineData(TokenizerKind.BytePair)]
    [InlineData(TokenizerKind.Gpt2)]
    public void Text_becomes_token_ids_and_back_and_the_pipeline_round_trips_in_one_zip(TokenizerKind kind)
    {
        var ml = new MLContext(1);
        var data = Texts(s_lines);
        var encode = ml.Generative().TokenizeText("Tokens", "Text", kind, vocabularySize: 500).Fit(data);
        var pipeline = new TransformerChain<ITransformer>(encode, encode.Inverse("Decoded", "Tokens"));
        var path = Path.Combine(Path.GetTempPath(), $"tok-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(pipeline, data.Schema, path);
            var loaded = new MLContext(2).Model.Load(path, out _);
            var unseen = Texts(["Anne Elliot walked to Uppercross with Captain Wentworth.", ""]);
            var decoded = loaded.Transform(unseen).GetColumn<ReadOnlyMemory<char>>("Decoded").Select(t => t.ToString()).ToArray();
            Assert.Equal(["Anne Elliot walked to Uppercross with Captain Wentworth.", ""], decoded);
            var before = pipeline.Transform(unseen).GetColumn<VBuffer<long>>("Tokens").Select(v => v.DenseValues().ToArray()).ToArray();
            var after = loaded.Transform(unseen).GetColumn<VBuffer<long>>("Tokens").Select(v => v.DenseValues().ToArray()).ToArray();
            Assert.Equal(before, after);
            Assert.True(before[0].Length > 0 && before[1].Length == 0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_given_tokenizer_is_used_as_is_and_works_in_a_prediction_engine()
    {
        var ml = new MLContext(1);
        var transformer = ml.Generative().TokenizeText(TextTokenizer.Gpt2()).Fit(Texts(["x"]));
        var engine = ml.Model.CreatePredictionEngine<Row, Tokenized>(transformer);
        Assert.Equal([15496L, 995], engine.Predict(new Row { Text = "Hello world" }).Tokens);
    }

    [Fact]
    public void Bad_columns_and_ids_are_named()
    {
        var ml = new MLContext(1);
        var e = Assert.ThrowsAny<ArgumentException>(() => ml.Generative().TokenizeText("Tokens", "Body").Fit(Texts(["a b"])));
        Assert.Contains("'Body'", e.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<InvalidOperationException>(() => ml.Generative().TokenizeText("Tokens", "Text", TokenizerKind.WordPiece).Fit(Texts([])));
        Assert.Contains("'Text'", empty.Message, StringComparison.Ordinal);
        var characters = ml.Generative().TokenizeText("Tokens", "Text", TokenizerKind.Character).Fit(Texts(["abc"]));
        var ids = new InMemoryDataView.Builder().AddTokens("Ids", [[1, 2, 99]]).Build();
        var bad = Assert.Throws<InvalidOperationException>(() => characters.Inverse("Text", "Ids").Transform(ids).GetColumn<ReadOnlyMemory<char>>("Text").ToArray());
        Assert.Contains("'Ids'", bad.Message, StringComparison.Ordinal);
    }

    private sealed class Row
    {
        public string Text { get; set; } = "";
    }

    private sealed class Tokenized
    {
        public long[] Tokens { get; set; } = [];
    }
}
