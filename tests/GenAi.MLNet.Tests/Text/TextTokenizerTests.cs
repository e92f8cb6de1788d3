using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GenAi.MLNet.Tests.Text;

public sealed class TextTokenizerTests
{
    private static readonly Lazy<string[]> s_lines = new(() => File.ReadLines(DataDirectory.File("text/austen_persuasion.txt")).Take(3000).ToArray());

    private static TextTokenizer[] All() =>
    [
        TextTokenizer.Characters(s_lines.Value),
        TextTokenizer.FromBpe(BpeTrainer.Train(s_lines.Value, new BpeTrainerOptions { VocabularySize = 500 })),
        TextTokenizer.FromWordPiece(WordPieceTrainer.Train(s_lines.Value, new WordPieceTrainerOptions { VocabularySize = 500 })),
        TextTokenizer.Gpt2(),
    ];

    [Fact]
    public void Every_kind_encodes_in_its_vocabulary_and_survives_being_saved()
    {
        const string text = "Anne Elliot walked to Uppercross; Captain Wentworth was there.";
        foreach (var tokenizer in All())
        {
            var ids = tokenizer.Encode(text);
            Assert.All(ids, id => Assert.InRange(id, 0, tokenizer.VocabularySize - 1));
            Assert.InRange(tokenizer.BoundaryId, 0, tokenizer.VocabularySize - 1);
            var restored = tokenizer.ToSaved().ToTokenizer();
            Assert.Equal(tokenizer.Kind, restored.Kind);
            Assert.Equal(tokenizer.VocabularySize, restored.VocabularySize);
            Assert.Equal(ids, restored.Encode(text));
            Assert.Equal(tokenizer.Decode(ids), restored.Decode(ids));
            var expected = tokenizer.Kind == "wordpiece" ? text.ToLowerInvariant() : text;
            Assert.Equal(expected, Normalise(tokenizer.Decode(ids)));
            Assert.True(tokenizer.CharactersPerToken(text) >= 1, tokenizer.Kind);
        }
    }

    [Fact]
    public void Boundary_tokens_are_each_kinds_end_of_text()
    {
        var all = All();
        Assert.Equal(0, all[0].BoundaryId);
        Assert.Equal("<|endoftext|>", all[1].TokenText(all[1].BoundaryId));
        Assert.Equal("[SEP]", all[2].TokenText(all[2].BoundaryId));
        Assert.Equal(50256, all[3].BoundaryId);
        Assert.Equal("<|endoftext|>", all[3].TokenText(50256));
    }

    [Fact]
    public void Ids_outside_the_vocabulary_and_a_bpe_vocabulary_without_end_of_text_are_refused()
    {
        var bpe = All()[1];
        Assert.Throws<ArgumentOutOfRangeException>(() => bpe.Decode([bpe.VocabularySize]));
        var plain = BpeTrainer.Train(s_lines.Value.Take(100), new BpeTrainerOptions { VocabularySize = 300, SpecialTokens = [] });
        Assert.Contains("<|endoftext|>", Assert.Throws<ArgumentException>(() => TextTokenizer.FromBpe(plain)).Message, StringComparison.Ordinal);
        var damaged = new SavedTokenizer { Kind = "bpe", Vocabulary = "{ not json" };
        Assert.Throws<InvalidDataException>(damaged.ToTokenizer);
        Assert.Throws<InvalidDataException>(new SavedTokenizer { Kind = "sentencepiece" }.ToTokenizer);
    }

    [Fact]
    public void Token_columns_of_any_length_are_built_in_memory()
    {
        var view = new InMemoryDataView.Builder().AddTokens("Ids", [[1, 2, 3], [], [7]]).Build();
        var rows = view.GetColumn<VBuffer<long>>("Ids").Select(v => v.DenseValues().ToArray()).ToArray();
        Assert.Equal([[1L, 2, 3], [], [7L]], rows);
    }

    // WordPiece decodes punctuation as separate words.
    private static string Normalise(string text) => text.Replace(" ;", ";", StringComparison.Ordinal).Replace(" .", ".", StringComparison.Ordinal);
}
