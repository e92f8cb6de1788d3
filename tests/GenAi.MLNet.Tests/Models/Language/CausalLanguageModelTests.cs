using System;
using System.Collections.Generic;
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

/// <summary>A small GPT on Persuasion: it learns more than character frequencies and bigrams, and generates as documented.</summary>
public sealed class CausalLanguageModelTests(ITestOutputHelper output)
{
    private static readonly Lazy<string[]> s_paragraphs = new(() => File.ReadAllText(DataDirectory.File("text/austen_persuasion.txt"))
        .Replace("\r\n", "\n", StringComparison.Ordinal)
        .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Replace('\n', ' ').Trim()).Where(p => p.Length > 0).ToArray());

    /// <summary>Persuasion's paragraphs, one line each (also read by <see cref="GarbageCollectionTests"/>).</summary>
    internal static string[] Paragraphs => s_paragraphs.Value;

    // One trained model shared by the checks that only read it.
    private static readonly Lazy<(CausalLanguageModelTransformer Model, string[] Train, string[] Test)> s_model = new(() =>
    {
        var paragraphs = s_paragraphs.Value;
        var cut = (int)(paragraphs.Length * 0.9);
        var train = paragraphs[..cut];
        var test = paragraphs[cut..];
        var model = new MLContext(1).Generative().CausalLanguageModel(new CausalLanguageModelOptions
        {
            ContextLength = 64, Layers = 2, Heads = 4, EmbeddingSize = 64, Dropout = 0, Epochs = 3, MaxSteps = 600, BatchSize = 32, LearningRate = 3e-3,
        }).Fit(Texts(train));
        return (model, train, test);
    });

    private static InMemoryDataView Texts(string[] texts, string column = "Text") => new InMemoryDataView.Builder().AddText(column, texts).Build();

    [Fact]
    public void A_small_gpt_beats_the_unigram_and_bigram_models_of_the_same_text()
    {
        var (model, train, test) = s_model.Value;
        var scored = model.Transform(Texts(test));
        var logLikelihood = scored.GetColumn<float>("LogLikelihood").Sum(v => (double)v);
        var characters = test.Sum(t => t.Length);
        var bits = -logLikelihood / Math.Log(2) / characters;

        // Add-one smoothed character unigram and bigram models of the training text, scored on the same text.
        var counts = new Dictionary<char, double>();
        var pairs = new Dictionary<(char, char), double>();
        foreach (var t in train)
        {
            for (var i = 0; i < t.Length; i++)
            {
                counts[t[i]] = counts.GetValueOrDefault(t[i]) + 1;
                if (i > 0)
                {
                    pairs[(t[i - 1], t[i])] = pairs.GetValueOrDefault((t[i - 1], t[i])) + 1;
                }
            }
        }

        var v = counts.Count + 1;
        var total = counts.Values.Sum();
        double unigram = 0, bigram = 0;
        foreach (var t in test)
        {
            for (var i = 0; i < t.Length; i++)
            {
                unigram -= Math.Log2((counts.GetValueOrDefault(t[i]) + 1) / (total + v));
                bigram -= i == 0
                    ? Math.Log2((counts.GetValueOrDefault(t[i]) + 1) / (total + v))
                    : Math.Log2((pairs.GetValueOrDefault((t[i - 1], t[i])) + 1) / (counts.GetValueOrDefault(t[i - 1]) + v));
            }
        }

        unigram /= characters;
        bigram /= characters;
        output.WriteLine($"held-out Persuasion: GPT {bits:F3} bits/char, bigram {bigram:F3}, unigram {unigram:F3}; {model.ParameterCount} parameters, final train loss {model.History.Epochs[^1].TrainLoss:F3} nats");
        Assert.True(bits < bigram - 0.6 && bits < 2.9, $"GPT {bits:F3} bits/char vs bigram {bigram:F3}");
        var perRow = scored.GetColumn<float>("BitsPerCharacter").ToArray();
        Assert.All(perRow, b => Assert.True(float.IsFinite(b) && b > 0));
    }

    [Fact]
    public void Next_token_accuracy_beats_always_guessing_the_commonest_character_and_grows_with_k()
    {
        var (model, train, test) = s_model.Value;
        var top1 = model.NextTokenAccuracy(test);
        var top5 = model.NextTokenAccuracy(test, 5);
        var all = model.NextTokenAccuracy(test, model.Tokenizer.VocabularySize);
        var commonest = string.Concat(train).GroupBy(c => c).MaxBy(g => g.Count())!.Key;
        var baseline = test.Sum(t => t.Count(c => c == commonest)) / (double)test.Sum(t => t.Length + 1); // each text's boundary token counts too
        output.WriteLine($"held-out next-character accuracy: top-1 {top1:F3}, top-5 {top5:F3}; always '{commonest}' {baseline:F3}");
        Assert.True(top1 > baseline + 0.2, $"top-1 {top1:F3} against {baseline:F3}");
        Assert.True(top5 > top1 + 0.1, $"top-5 {top5:F3} against top-1 {top1:F3}");
        Assert.Equal(1.0, all, 6);
        Assert.Throws<ArgumentException>(() => model.NextTokenAccuracy([""]));
        Assert.Throws<ArgumentException>(() => model.NextTokenAccuracy(Array.Empty<string>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.NextTokenAccuracy(test, 0));
    }

    [Fact]
    public void Attention_maps_are_causal_distributions_and_hidden_states_match_the_features()
    {
        var (model, _, _) = s_model.Value;
        const string text = "Anne walked to Uppercross.";
        var maps = model.Attention(text);
        Assert.Equal(text.Length + 1, maps.Tokens.Count);
        Assert.Equal("⏎", maps.Tokens[0]);
        Assert.Equal(2, maps.Weights.Length);   // layers
        Assert.Equal(4, maps.Weights[0].Length); // heads
        foreach (var head in maps.Weights.SelectMany(l => l))
        {
            for (var q = 0; q < head.Length; q++)
            {
                Assert.Equal(1.0, head[q].Sum(w => (double)w), 4);
                Assert.All(head[q].Skip(q + 1), w => Assert.Equal(0f, w));
            }
        }

        Assert.Equal(1.0, maps.MeanOverHeads(1)[5].Sum(w => (double)w), 4);

        // Layer 0 depends on the token and its position only: the same character at the same position gives the same vector.
        var a = model.Hidden("Anne walked");
        var b = model.Hidden("Anne waited");
        Assert.Equal(3, a.Layers.Length);
        Assert.Equal(a.Layers[0][7], b.Layers[0][7]);          // 'a' of "walked" and of "waited"
        Assert.NotEqual(a.Layers[2][10], b.Layers[2][10]);     // the 'e' of both: the same token in another context
        Assert.Equal(a.Layers[2][5], b.Layers[2][5]);          // before the texts differ, a causal model's vectors agree
        Assert.Throws<ArgumentException>(() => model.Hidden(new string('a', 64)));
    }

    [Fact]
    public void Generation_is_reproducible_stops_where_asked_and_the_cache_changes_nothing_within_the_context()
    {
        var (model, _, _) = s_model.Value;
        var options = new TextGenerationOptions { MaxNewTokens = 40, Temperature = 0.8, TopK = 20, Seed = 5, StopAtBoundary = false };
        var a = model.Generate("Anne", options);
        Assert.Equal(a, model.Generate("Anne", options));
        Assert.Equal(40, a.Length); // one character per token
        Assert.NotEqual(a, model.Generate("Anne", new TextGenerationOptions { MaxNewTokens = 40, Temperature = 0.8, TopK = 20, Seed = 6, StopAtBoundary = false }));

        // Prompt and completion fit in the context (1 + 4 + 40 < 64): with and without the cache, the same tokens.
        var greedy = new TextGenerationOptions { MaxNewTokens = 40, Temperature = 0, StopAtBoundary = false };
        var cached = model.Generate("Anne", greedy);
        greedy.UseCache = false;
        Assert.Equal(cached, model.Generate("Anne", greedy));

        // The generation threads change the speed, not the greedy text.
        greedy.NumberOfThreads = 2;
        Assert.Equal(cached, model.Generate("Anne", greedy));
        output.WriteLine($"Anne|{a}");
        output.WriteLine($"Anne|{cached} (greedy)");

        // Past the context, generation goes on.
        Assert.Equal(150, model.Generate("Anne", new TextGenerationOptions { MaxNewTokens = 150, Seed = 1, StopAtBoundary = false }).Length);
    }

    [Fact]
    public void A_column_of_prompts_gets_the_completions_of_single_calls_whatever_the_row()
    {
        var (model, _, _) = s_model.Value;
        var options = new TextGenerationOptions { MaxNewTokens = 12, Seed = 3 };
        string[] prompts = ["Captain Wentworth", "Sir Walter", "Captain Wentworth", ""];
        var view = model.Generate(Texts(prompts, "Prompt"), options: options);
        var completions = view.GetColumn<ReadOnlyMemory<char>>("Completion").Select(c => c.ToString()).ToArray();
        Assert.Equal(prompts.Select(p => model.Generate(p, options)), completions);
        Assert.Equal(completions[0], completions[2]);
        Assert.Equal(prompts, view.GetColumn<ReadOnlyMemory<char>>("Prompt").Select(c => c.ToString()));
        var next = model.NextTokens("Captain Wentwort", 3);
        Assert.Equal("h", next[0].Token);
        output.WriteLine(string.Join(", ", next.Select(n => $"'{n.Token}' {n.Probability:F3}")));
    }

    [Fact]
    public void A_bpe_model_round_trips_with_its_tokenizer_in_the_zip()
    {
        var texts = s_paragraphs.Value.Take(300).ToArray();
        var mlContext = new MLContext(2);
        var model = mlContext.Generative().CausalLanguageModel(new CausalLanguageModelOptions
        {
            Tokenizer = TokenizerKind.BytePair, TokenizerVocabularySize = 400, ContextLength = 32, Layers = 1, Heads = 2, EmbeddingSize = 32, Epochs = 1, MaxSteps = 20,
        }).Fit(Texts(texts));
        Assert.Equal("bpe", model.Tokenizer.Kind);
        Assert.Equal(400, model.Tokenizer.VocabularySize);
        var path = Path.Combine(Path.GetTempPath(), $"clm-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.Save(model, Texts(texts).Schema, path);
            var loaded = (CausalLanguageModelTransformer)new MLContext(3).Model.Load(path, out _);
            Assert.Equal(model.Tokenizer.Encode(texts[0]), loaded.Tokenizer.Encode(texts[0]));
            var probe = Texts(texts[..5]);
            Assert.Equal(model.Transform(probe).GetColumn<float>("LogLikelihood"), loaded.Transform(probe).GetColumn<float>("LogLikelihood"));
            var options = new TextGenerationOptions { MaxNewTokens = 10, Seed = 1 };
            Assert.Equal(model.Generate("Anne", options), loaded.Generate("Anne", options));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Fit_works_inside_a_no_grad_scope()
    {
        using var noGrad = TorchSharp.torch.no_grad();
        var model = new MLContext(4).Generative().CausalLanguageModel(new CausalLanguageModelOptions { ContextLength = 16, Layers = 1, Heads = 2, EmbeddingSize = 16, MaxSteps = 3 })
            .Fit(Texts(s_paragraphs.Value[..20]));
        Assert.True(float.IsFinite((float)model.History.Epochs.Single().TrainLoss));
    }

    [Fact]
    public void Bad_options_and_columns_are_named()
    {
        var catalog = new MLContext(1).Generative();
        Assert.Equal("EmbeddingSize", Assert.ThrowsAny<ArgumentException>(() => catalog.CausalLanguageModel(new CausalLanguageModelOptions { EmbeddingSize = 30, Heads = 4 })).ParamName);
        Assert.Equal("ContextLength", Assert.ThrowsAny<ArgumentException>(() => catalog.CausalLanguageModel(new CausalLanguageModelOptions { ContextLength = 1 })).ParamName);
        Assert.Equal("MaxSteps", Assert.ThrowsAny<ArgumentException>(() => catalog.CausalLanguageModel(new CausalLanguageModelOptions { MaxSteps = 0 })).ParamName);
        // An LSTM has no attention heads: its width need not be a multiple of Heads.
        Assert.NotNull(catalog.CausalLanguageModel(new CausalLanguageModelOptions { Architecture = LanguageModelArchitecture.Lstm, EmbeddingSize = 30, Heads = 4 }));
        var e = Assert.ThrowsAny<ArgumentException>(() => catalog.CausalLanguageModel("Body").Fit(Texts(["a b c"])));
        Assert.Contains("'Body'", e.Message, StringComparison.Ordinal);
        var model = s_model.Value.Model;
        var g = Assert.ThrowsAny<ArgumentException>(() => model.Generate(Texts(["x"], "Text"), promptColumnName: "Question"));
        Assert.Contains("'Question'", g.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void Prompt_rows_learn_the_answer_only_and_score_it_given_the_prompt()
    {
        // The copy task: three letters, a gap of 0 to 12 dots and a bar are the prompt; the answer repeats the letters.
        int[] gaps = [.. Enumerable.Range(0, 13)];
        var pairs = gaps.SelectMany(g => SyntheticText.Copy(120, 3, g, seed: 10 + g)).ToArray();
        var seen = pairs.Select(p => p.Source).ToHashSet(StringComparer.Ordinal);
        var test = gaps.SelectMany(g => SyntheticText.Copy(20, 3, g, seed: 500 + g)).Where(p => !seen.Contains(p.Source)).ToArray();
        InMemoryDataView Pairs(IEnumerable<TextPair> rows, Func<TextPair, string> answer) => new InMemoryDataView.Builder()
            .AddText("Question", rows.Select(p => p.Source).ToArray()).AddText("Answer", rows.Select(answer).ToArray()).Build();
        var mlContext = new MLContext(5);
        var model = mlContext.Generative().CausalLanguageModel(new CausalLanguageModelOptions
        {
            TextColumnName = "Answer", PromptColumnName = "Question", ContextLength = 32, Layers = 2, Heads = 4, EmbeddingSize = 64,
            Dropout = 0, Epochs = 100, MaxSteps = 500, LearningRate = 3e-3, WarmupSteps = 30,
        }).Fit(Pairs(pairs, p => p.Target));

        // The loss counts the answers' letters only: ln 8 = 2.08 nats each before the model copies, near 0 after.
        var losses = model.History.Epochs.Select(e => e.TrainLoss).ToArray();
        output.WriteLine($"losses per epoch: {string.Join(", ", losses.Select(l => l.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.InRange(losses[0], 1.0, 2.3);
        Assert.True(losses[^1] < 0.1, $"final loss {losses[^1]:F3}");
        var greedy = new TextGenerationOptions { Temperature = 0, MaxNewTokens = 3 };
        var answers = test.Select(p => model.Generate(p.Source, greedy)).ToArray();
        var exact = SyntheticText.ExactMatch(answers, test.Select(p => p.Target).ToArray());
        output.WriteLine($"exact copies of {test.Length} unseen strings: {exact:P1}");
        // Measured 93-95 % over four seeds: what is left are strings that repeat a letter ("eed" → "ede"), where copying
        // by "the letter that followed this one" is ambiguous; more steps remove them.
        Assert.True(exact >= 0.85, $"exact {exact:P1}");

        // Scoring reads the prompt column and scores the answer given it: the right copy beats the letters reversed.
        var right = model.Transform(Pairs(test, p => p.Target));
        var wrong = model.Transform(Pairs(test, p => new string([.. p.Target.Reverse()])));
        var (rightLl, wrongLl) = (right.GetColumn<float>("LogLikelihood").ToArray(), wrong.GetColumn<float>("LogLikelihood").ToArray());
        var palindromes = test.Count(p => p.Target[0] == p.Target[2]);
        Assert.True(rightLl.Zip(wrongLl).Count(x => x.First > x.Second) >= 0.9 * (test.Length - palindromes));
        var perplexity = right.GetColumn<float>("Perplexity").ToArray();
        Assert.Equal(Math.Exp(-rightLl[0] / 3), perplexity[0], 3);   // per answer token: the prompt is not scored

        var path = Path.Combine(Path.GetTempPath(), $"clm-prompt-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.Save(model, right.Schema, path);
            var loaded = new MLContext(6).Model.Load(path, out _);
            Assert.Equal(rightLl, loaded.Transform(Pairs(test, p => p.Target)).GetColumn<float>("LogLikelihood"));
            var missing = Assert.ThrowsAny<ArgumentException>(() => loaded.Transform(Texts(["abc"], "Answer")));
            Assert.Contains("'Question'", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unpacked_rows_each_start_a_window_of_their_own()
    {
        var tokenizer = TextTokenizer.Characters(["abcdefgh"]);
        var packed = LanguageModelFamily.Windows(tokenizer, ["abc", "defgh"], 4, pack: true);
        var unpacked = LanguageModelFamily.Windows(tokenizer, ["abc", "defgh"], 4, pack: false);
        Assert.Equal([tokenizer.BoundaryId, .. tokenizer.Encode("abc"), tokenizer.BoundaryId], packed[0]); // one stream: a window crosses rows
        Assert.Equal([tokenizer.BoundaryId, .. tokenizer.Encode("abc")], unpacked[0]);
        Assert.Equal([tokenizer.BoundaryId, .. tokenizer.Encode("defg")], unpacked[1]);
        Assert.Equal(tokenizer.Encode("gh"), unpacked[2]);

        // Prompt rows: the prompt's tokens (and the boundary) are never targets.
        var (windows, scored) = LanguageModelFamily.CutSequences(LanguageModelFamily.PromptSequences(tokenizer, ["ab"], ["cd"]), 8);
        Assert.Equal([0L, 0, 0, 1, 1], Assert.Single(scored));
        var (_, targets) = LanguageModelFamily.Collate(windows, 0, TorchSharp.torch.CPU, scored);
        Assert.Equal([LanguageModelFamily.Ignore, LanguageModelFamily.Ignore, tokenizer.Encode("c")[0], tokenizer.Encode("d")[0]], targets.data<long>().ToArray());
    }

    [Fact]
    public void A_bad_prompt_column_is_named()
    {
        var catalog = new MLContext(1).Generative();
        Assert.Equal("PromptColumnName", Assert.ThrowsAny<ArgumentException>(() => catalog.CausalLanguageModel(new CausalLanguageModelOptions { PromptColumnName = " " })).ParamName);
        Assert.Equal("PromptColumnName", Assert.ThrowsAny<ArgumentException>(() => catalog.CausalLanguageModel(new CausalLanguageModelOptions { PromptColumnName = "Text" })).ParamName);
        var e = Assert.ThrowsAny<ArgumentException>(() => catalog.CausalLanguageModel(new CausalLanguageModelOptions { PromptColumnName = "Question", MaxSteps = 2 }).Fit(Texts(["a b c"])));
        Assert.Contains("'Question'", e.Message, StringComparison.Ordinal);
    }
}
