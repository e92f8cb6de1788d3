using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GenAi.MLNet.Data;
using GenAi.MLNet.Text;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Text;

public class WordPieceTrainerTests(ITestOutputHelper output)
{
    private static readonly Lazy<WordPieceVocabulary> PersuasionVocabulary = new(() =>
        WordPieceTrainer.Train([File.ReadAllText(DataDirectory.File("text/austen_persuasion.txt"))], new WordPieceTrainerOptions { VocabularySize = 1000 }));

    [Fact]
    public void WordPiece_ranks_pairs_by_likelihood_gain_where_BPE_ranks_by_count()
    {
        // (a, ##b) occurs 10 times but a is everywhere: 10 / (100 * 10) = 0.01; (c, ##d) occurs 5 times among
        // 5 c's and 5 d's: 5 / 25 = 0.2. BPE merges the frequent pair first, WordPiece the telling one.
        IReadOnlyList<(IReadOnlyList<string>, long)> words = [(["a", "##b"], 10), (["a"], 90), (["c", "##d"], 5)];
        static string Combine(string left, string right) => left + right[2..];
        Assert.Equal(("a", "##b"), PairMerging.Learn(words, 1, 1, PairMerging.Score.Count, Combine)[0]);
        Assert.Equal(("c", "##d"), PairMerging.Learn(words, 1, 1, PairMerging.Score.Likelihood, Combine)[0]);
    }

    [Fact]
    public void A_trained_vocabulary_feeds_BertTokenizer_and_covers_unseen_text()
    {
        var vocabulary = PersuasionVocabulary.Value;
        Assert.Equal(1000, vocabulary.Count);
        Assert.Equal(WordPieceTrainerOptions.BertSpecialTokens, vocabulary.Tokens.Take(5));
        Assert.Equal(vocabulary.Tokens.Count, vocabulary.Tokens.Distinct(StringComparer.Ordinal).Count());
        var tokenizer = vocabulary.CreateTokenizer();

        var ids = tokenizer.EncodeToIds("Anne Elliot walked to Uppercross.", addSpecialTokens: false);
        Assert.Equal("anne elliot walked to uppercross.", tokenizer.Decode(ids).Replace(" .", ".", StringComparison.Ordinal));

        var emma = File.ReadAllText(DataDirectory.File("text/austen_emma.txt"));
        var report = TokenizerReport.Measure("WordPiece 1,000", vocabulary.Count, emma, tokenizer.EncodeToIds(emma, addSpecialTokens: false).Select(i => (long)i), WordPieceVocabulary.UnknownId);
        output.WriteLine($"Emma with Persuasion's WordPiece: {report.CharactersPerToken:F2} characters per token, unknown {report.UnknownRate:P3}");
        Assert.True(report.CharactersPerToken > 2.7, $"{report.CharactersPerToken:F2} characters per token");
        Assert.True(report.UnknownRate < 0.005, $"unknown rate {report.UnknownRate:P3}");
    }

    [Fact]
    public void A_saved_vocabulary_loads_to_the_same_tokens_and_damage_is_named()
    {
        var vocabulary = PersuasionVocabulary.Value;
        using var stream = new MemoryStream();
        vocabulary.Save(stream);
        var loaded = WordPieceVocabulary.Load(new MemoryStream(stream.ToArray()));
        Assert.Equal(vocabulary.Tokens, loaded.Tokens);
        Assert.Equal(vocabulary.LowerCase, loaded.LowerCase);

        var json = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Throws<InvalidDataException>(() => WordPieceVocabulary.Load(new MemoryStream(Encoding.UTF8.GetBytes(json.Replace("[PAD]", "[pad]", StringComparison.Ordinal)))));
        Assert.Throws<InvalidDataException>(() => WordPieceVocabulary.Load(new MemoryStream(Encoding.UTF8.GetBytes(json[..(json.Length / 2)]))));
    }

    [Fact]
    public void Options_are_checked_by_name()
    {
        var tiny = Assert.Throws<ArgumentOutOfRangeException>(() => WordPieceTrainer.Train(["some text"], new WordPieceTrainerOptions { VocabularySize = 5 }));
        Assert.Equal(nameof(WordPieceTrainerOptions.VocabularySize), tiny.ParamName);
        var alphabet = Assert.Throws<ArgumentOutOfRangeException>(() => WordPieceTrainer.Train(["abcdefghij klmnopqrst"], new WordPieceTrainerOptions { VocabularySize = 10 }));
        Assert.Contains(nameof(WordPieceTrainerOptions.MinimumCharacterCount), alphabet.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => WordPieceTrainer.Train([" "], new WordPieceTrainerOptions()));
    }
}
