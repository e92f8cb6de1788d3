using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using GenAi.MLNet.Data;
using GenAi.MLNet.Text;
using Microsoft.ML.Tokenizers;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Text;

public class BpeTrainerTests(ITestOutputHelper output)
{
    private static readonly Lazy<BpeVocabulary> PersuasionVocabulary = new(() =>
        BpeTrainer.Train([File.ReadAllText(DataDirectory.File("text/austen_persuasion.txt"))], new BpeTrainerOptions { VocabularySize = 1000 }));

    [Fact]
    public void The_papers_worked_example_learns_the_papers_merges()
    {
        // Sennrich et al. 2016, Algorithm 1: the dictionary {low: 5, lower: 2, newest: 6, widest: 3} with an
        // end-of-word symbol, ten merges. Expected: the output of the paper's Python code (ties go to the pair
        // met first).
        (string, long)[] dictionary = [("l o w </w>", 5), ("l o w e r </w>", 2), ("n e w e s t </w>", 6), ("w i d e s t </w>", 3)];
        var merges = PairMerging.Learn([.. dictionary.Select(d => ((IReadOnlyList<string>)d.Item1.Split(' '), d.Item2))], 10, 1, PairMerging.Score.Count, Concatenate);
        (string, string)[] expected =
        [
            ("e", "s"), ("es", "t"), ("est", "</w>"), ("l", "o"), ("lo", "w"),
            ("n", "e"), ("ne", "w"), ("new", "est</w>"), ("low", "</w>"), ("w", "i"),
        ];
        Assert.Equal(expected, merges);
    }

    [Fact]
    public void Learning_stops_at_the_minimum_pair_count_and_merges_left_to_right()
    {
        // "a a a" (count 3): the pair (a, a) occurs twice in the word, 6 times in all; merging gives "aa a".
        var merges = PairMerging.Learn([(["a", "a", "a"], 3), (["b", "c"], 1)], 10, 2, PairMerging.Score.Count, Concatenate);
        Assert.Equal([("a", "a"), ("aa", "a")], merges);
    }

    [Fact]
    public void Every_text_in_data_round_trips_exactly()
    {
        var tokenizer = PersuasionVocabulary.Value.CreateTokenizer();
        var root = DataDirectory.Find();
        var files = Directory.GetFiles(Path.Combine(root, "text")).Concat(Directory.GetFiles(Path.Combine(root, "molecules")))
            .Append(Path.Combine(root, "spam", "spamassassin.csv.gz")).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 10);
        foreach (var file in files)
        {
            var text = ReadText(file);
            var ids = tokenizer.EncodeToIds(text);
            Assert.True(tokenizer.Decode(ids) == text, $"{Path.GetFileName(file)} does not round-trip");
            Assert.All(ids, id => Assert.InRange(id, 0, PersuasionVocabulary.Value.Count - 1));
            output.WriteLine($"{Path.GetFileName(file)}: {text.Length:N0} characters, {ids.Count:N0} tokens, {text.Length / (double)ids.Count:F2} characters per token");
        }
    }

    [Fact]
    public void Learned_merges_shorten_text_the_model_never_saw_and_special_tokens_stay_whole()
    {
        var vocabulary = PersuasionVocabulary.Value;
        Assert.Equal(1000, vocabulary.Count);
        Assert.Equal("<|endoftext|>", vocabulary.Tokens[^1]);
        var tokenizer = vocabulary.CreateTokenizer();
        var unseen = File.ReadAllText(DataDirectory.File("text/austen_emma.txt"));
        var perToken = unseen.Length / (double)tokenizer.EncodeToIds(unseen).Count;
        output.WriteLine($"Emma with Persuasion's 1,000 tokens: {perToken:F2} characters per token");
        Assert.True(perToken > 2.4, $"{perToken:F2} characters per token");

        var ids = tokenizer.EncodeToIds("Anne Elliot.<|endoftext|>Emma Woodhouse");
        Assert.Single(ids, id => id == vocabulary.Count - 1);
        Assert.Equal("Anne Elliot.<|endoftext|>Emma Woodhouse", tokenizer.Decode(ids));
    }

    [Fact]
    public void A_saved_vocabulary_loads_to_the_same_tokens_and_damage_is_named()
    {
        var vocabulary = PersuasionVocabulary.Value;
        using var stream = new MemoryStream();
        vocabulary.Save(stream);
        stream.Position = 0;
        var loaded = BpeVocabulary.Load(stream);
        Assert.Equal(vocabulary.Tokens, loaded.Tokens);
        const string text = "Captain Wentworth's letter, 1814: \"You pierce my soul.\"";
        Assert.Equal(vocabulary.CreateTokenizer().EncodeToIds(text), loaded.CreateTokenizer().EncodeToIds(text));

        var json = Encoding.UTF8.GetString(stream.ToArray());
        var damaged = json.Replace("\"merges\":[[", "\"merges\":[[\"zz\",\"q\"],[", StringComparison.Ordinal);
        var error = Assert.Throws<InvalidDataException>(() => BpeVocabulary.Load(new MemoryStream(Encoding.UTF8.GetBytes(damaged))));
        Assert.Contains("Merge 0", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => BpeVocabulary.Load(new MemoryStream(Encoding.UTF8.GetBytes(json[..(json.Length / 2)]))));
    }

    [Fact]
    public void Training_is_deterministic_and_options_are_checked_by_name()
    {
        string[] texts = ["the cat sat on the mat", "the dog sat on the log", "that is the thing"];
        var a = BpeTrainer.Train(texts, new BpeTrainerOptions { VocabularySize = 270 });
        var b = BpeTrainer.Train(texts, new BpeTrainerOptions { VocabularySize = 270 });
        Assert.Equal(a.Tokens, b.Tokens);
        Assert.Equal("Ġthe", a.Tokens[256 + a.Merges.ToList().FindIndex(m => m.Left + m.Right == "Ġthe")]);

        var small = Assert.Throws<ArgumentOutOfRangeException>(() => BpeTrainer.Train(texts, new BpeTrainerOptions { VocabularySize = 100 }));
        Assert.Equal(nameof(BpeTrainerOptions.VocabularySize), small.ParamName);
        var twice = Assert.Throws<ArgumentException>(() => BpeTrainer.Train(texts, new BpeTrainerOptions { SpecialTokens = ["<s>", "<s>"] }));
        Assert.Equal(nameof(BpeTrainerOptions.SpecialTokens), twice.ParamName);
        Assert.Throws<ArgumentException>(() => BpeTrainer.Train([], new BpeTrainerOptions()));
    }

    [Fact]
    public void The_GPT2_tokenizer_works_offline()
    {
        var gpt2 = TiktokenTokenizer.CreateForModel("gpt2");
        // "Hello world" is 15496, 995 in GPT-2's published vocabulary.
        Assert.Equal([15496, 995], gpt2.EncodeToIds("Hello world"));
    }

    private static string Concatenate(string left, string right) => left + right;

    internal static string ReadText(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
