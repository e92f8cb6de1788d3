// Label efficiency on SpamAssassin: F1 and AUC of four approaches with 50, 100, 500 and all training labels.
//
//   dotnet run -c Release --project benchmarks/GenAi.MLNet.Benchmarks -- finetune [--labels 50,100,500,all] [--seeds 1,2,3]
//       [--pretrain-steps 1500] [--adapt-steps 600] [--test 1000] [--threads 2]
//
// (a) ML.NET's FeaturizeText (word and character n-grams) + SDCA logistic regression; (b) a GPT of the pre-trained
// model's size and tokenizer, not pre-trained, fine-tuned; (c) the GPT pre-trained on the six Austen novels, then
// fine-tuned; (d) the same after further pre-training on the unlabelled emails of the training pool (domain-adaptive
// pre-training, Gururangan et al. 2020), then fine-tuned. Writes benchmarks/results/finetune-spam.md and .json.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Benchmarks;

internal static class FineTuneBenchmark
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };
    private static readonly string[] s_goalLabels = ["50", "100"];

    public sealed record Settings(string[] Labels, int[] Seeds, int PretrainSteps, int AdaptSteps, int TestSize, int Threads);

    /// <summary>One fine-tuning (or baseline) run.</summary>
    public sealed record Run(string Method, string Labels, int Seed, int Rows, double F1, double Auc, double Seconds);

    private sealed class Email
    {
        public bool Label { get; set; }

        public string Sentence1 { get; set; } = "";
    }

    private const string Sdca = "(a) n-grams + SDCA";
    private const string Scratch = "(b) GPT from scratch";
    private const string Austen = "(c) GPT pre-trained on Austen";
    private const string Adapted = "(d) + emails (DAPT)";

    public static void Execute(string root, Settings settings)
    {
        var data = Path.Combine(root, "data");
        var emails = TextDatasets.SpamAssassin(data);
        var (test, pool) = StratifiedSplit(emails, settings.TestSize, new Random(0));
        Console.WriteLine($"{emails.Count} emails: test {test.Length} ({test.Count(e => e.IsSpam)} spam), pool {pool.Length}");

        // The GPT: byte-level BPE of 2,000 tokens learnt on Austen, context 128 (about 500 characters of an email).
        var novels = Directory.GetFiles(Path.Combine(data, "text"), "austen_*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
        CausalLanguageModelOptions LanguageModel(int steps, double learningRate) => new()
        {
            Tokenizer = TokenizerKind.BytePair, TokenizerVocabularySize = 2000, ContextLength = 128, Layers = 4, Heads = 4, EmbeddingSize = 128,
            Dropout = 0.1, BatchSize = 16, Epochs = 1000, MaxSteps = steps, LearningRate = learningRate, WarmupSteps = Math.Min(100, steps / 10),
            Seed = 1, NumberOfThreads = settings.Threads,
        };

        var watch = Stopwatch.StartNew();
        var pretrained = new MLContext(1).Generative().CausalLanguageModel(LanguageModel(settings.PretrainSteps, 1e-3)).Fit(Texts(novels));
        var pretrainSeconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"pre-trained on Austen: {settings.PretrainSteps} steps in {pretrainSeconds:F0} s");

        // Not pre-trained: the same size and tokenizer, weights as initialised (one step at a negligible learning rate).
        var scratch = new MLContext(1).Generative().CausalLanguageModel(LanguageModel(1, 1e-12)).Fit(Texts(novels));

        watch.Restart();
        var unlabelled = pool.Select(e => Text(e)).ToArray();
        var adapted = new MLContext(1).Generative().CausalLanguageModel(LanguageModel(settings.AdaptSteps, 5e-4), pretrained).Fit(Texts(unlabelled));
        var adaptSeconds = watch.Elapsed.TotalSeconds;
        var heldOut = Texts(test.Take(300).Select(e => Text(e)).ToArray());
        double Bits(CausalLanguageModelTransformer model) => model.Transform(heldOut).GetColumn<float>("BitsPerCharacter").Average();
        var (bitsScratch, bitsAusten, bitsAdapted) = (Bits(scratch), Bits(pretrained), Bits(adapted));
        Console.WriteLine($"bits/char on test emails: scratch {bitsScratch:F2}, Austen {bitsAusten:F2}, adapted {bitsAdapted:F2} ({settings.AdaptSteps} steps in {adaptSeconds:F0} s)");

        var runs = new List<Run>();
        var ml = new MLContext(1);
        var testView = ml.Data.LoadFromEnumerable(test.Select(Row));
        foreach (var labels in settings.Labels)
        {
            // The whole pool is the same sample for every seed, which would change only the training order: one seed.
            foreach (var seed in labels == "all" ? settings.Seeds[..1] : settings.Seeds)
            {
                var sample = labels == "all" ? pool : Stratified(pool, int.Parse(labels, CultureInfo.InvariantCulture), new Random(seed));
                var train = ml.Data.LoadFromEnumerable(sample.Select(Row));
                runs.Add(Measure(Sdca, labels, seed, sample.Length, () =>
                {
                    var context = new MLContext(seed);
                    return context.Transforms.Text.FeaturizeText("Features", "Sentence1").AppendCacheCheckpoint(context)
                        .Append(context.BinaryClassification.Trainers.SdcaLogisticRegression()).Fit(train);
                }, testView));
                foreach (var (method, model) in new[] { (Scratch, scratch), (Austen, pretrained), (Adapted, adapted) })
                {
                    // At least 100 optimizer steps (2 epochs when there are enough labels for that).
                    var epochs = Math.Max(2, (int)Math.Ceiling(100.0 / Math.Ceiling(sample.Length / 32.0)));
                    var options = new TextClassifierOptions { Epochs = epochs, Seed = seed, NumberOfThreads = settings.Threads };
                    runs.Add(Measure(method, labels, seed, sample.Length, () => new MLContext(seed).Generative().TextClassification(model, options).Fit(train), testView));
                }
            }
        }

        var (markdown, json) = Report(settings, test, pool.Length, runs, pretrainSeconds, adaptSeconds, (bitsScratch, bitsAusten, bitsAdapted));
        var results = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "finetune-spam.md"), markdown);
        File.WriteAllText(Path.Combine(results, "finetune-spam.json"), json);
        Console.WriteLine(markdown);
    }

    /// <summary>What the models read: the subject, a new line, the body — cut at 4,000 characters (the GPT reads about 500 of them, the n-grams all).</summary>
    private static string Text(SpamEmail e)
    {
        var text = e.Subject + "\n" + e.Body;
        return text.Length > 4000 ? text[..4000] : text;
    }

    private static Email Row(SpamEmail e) => new() { Label = e.IsSpam, Sentence1 = Text(e) };

    private static InMemoryDataView Texts(string[] texts) => new InMemoryDataView.Builder().AddText("Text", texts).Build();

    private static Run Measure(string method, string labels, int seed, int rows, Func<ITransformer> fit, IDataView test)
    {
        var watch = Stopwatch.StartNew();
        var model = fit();
        var metrics = new MLContext(seed).BinaryClassification.Evaluate(model.Transform(test));
        var run = new Run(method, labels, seed, rows, metrics.F1Score, metrics.AreaUnderRocCurve, watch.Elapsed.TotalSeconds);
        (model as IDisposable)?.Dispose();
        Console.WriteLine($"  {method}, {labels} labels, seed {seed}: F1 {run.F1:F3}, AUC {run.Auc:F3} ({run.Seconds:F0} s)");
        return run;
    }

    /// <summary>A test set with the corpus's share of spam, and the rest as the training pool.</summary>
    private static (SpamEmail[] Test, SpamEmail[] Pool) StratifiedSplit(IReadOnlyList<SpamEmail> emails, int size, Random random)
    {
        var spam = emails.Where(e => e.IsSpam).ToArray();
        var ham = emails.Where(e => !e.IsSpam).ToArray();
        random.Shuffle(spam);
        random.Shuffle(ham);
        var testSpam = (int)Math.Round((double)size * spam.Length / emails.Count);
        var test = spam[..testSpam].Concat(ham[..(size - testSpam)]).ToArray();
        var pool = spam[testSpam..].Concat(ham[(size - testSpam)..]).ToArray();
        random.Shuffle(test);
        random.Shuffle(pool);
        return (test, pool);
    }

    /// <summary><paramref name="count"/> emails of the pool with its share of spam (at least one of each class).</summary>
    private static SpamEmail[] Stratified(SpamEmail[] pool, int count, Random random)
    {
        var spam = pool.Where(e => e.IsSpam).ToArray();
        var ham = pool.Where(e => !e.IsSpam).ToArray();
        random.Shuffle(spam);
        random.Shuffle(ham);
        var spamCount = Math.Clamp((int)Math.Round((double)count * spam.Length / pool.Length), 1, count - 1);
        var sample = spam[..spamCount].Concat(ham[..(count - spamCount)]).ToArray();
        random.Shuffle(sample);
        return sample;
    }

    private static (string Markdown, string Json) Report(Settings settings, SpamEmail[] test, int poolSize, List<Run> runs, double pretrainSeconds, double adaptSeconds, (double Scratch, double Austen, double Adapted) bits)
    {
        var c = CultureInfo.InvariantCulture;
        static string Cell(IEnumerable<double> values)
        {
            var v = values.ToArray();
            var mean = v.Average();
            var sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
            return string.Create(CultureInfo.InvariantCulture, $"{mean:F3} ± {sd:F3}");
        }

        var methods = new[] { Sdca, Scratch, Austen, Adapted };
        var md = new StringBuilder();
        md.AppendLine(string.Create(c, $"SpamAssassin (data/spam): a fixed stratified test set of {test.Length} emails ({test.Count(e => e.IsSpam)} spam), training labels drawn stratified from the other {poolSize:N0} (seeds {string.Join(", ", settings.Seeds)}; \"all\" is the whole pool, run with seed {settings.Seeds[0]} only: its seeds would differ only in training order). ")
            + string.Create(c, $"Text = subject, new line, body. The GPT: 4 layers, 4 heads, width 128, context 128, byte-level BPE of 2,000 tokens learnt on Austen (it reads about the first 500 characters of an email; the n-grams read all of it, cut at 4,000 characters). ")
            + string.Create(c, $"(c) pre-trained {settings.PretrainSteps} steps (batch 16) on the six novels in {pretrainSeconds:F0} s; (d) further {settings.AdaptSteps} steps on the pool's unlabelled emails in {adaptSeconds:F0} s. ")
            + string.Create(c, $"Fine-tuning: `TextClassification` defaults (full fine-tuning, mean pooling, AdamW 1e-3, 10 % warm-up, cosine), 2 epochs or at least 100 steps. {settings.Threads} threads, {DateTime.UtcNow:yyyy-MM-dd}."));
        md.AppendLine();
        md.AppendLine(c, $"Language-model loss on 300 test emails, bits per character: not pre-trained {bits.Scratch:F2}, Austen {bits.Austen:F2}, Austen + emails {bits.Adapted:F2}.");
        md.AppendLine();
        foreach (var (metric, pick) in new (string, Func<Run, double>)[] { ("F1", r => r.F1), ("AUC", r => r.Auc) })
        {
            md.AppendLine($"| {metric} (mean ± sd) | " + string.Join(" | ", methods) + " |");
            md.AppendLine("|---|" + string.Concat(methods.Select(_ => "---|")));
            foreach (var labels in settings.Labels)
            {
                var rows = runs.Where(r => r.Labels == labels).ToArray();
                var n = rows.First().Rows;
                md.AppendLine(string.Create(c, $"| {(labels == "all" ? $"all ({n:N0})" : labels)} labels | ") + string.Join(" | ", methods.Select(m => Cell(rows.Where(r => r.Method == m).Select(pick)))) + " |");
            }

            md.AppendLine();
        }

        var goals = s_goalLabels.Where(settings.Labels.Contains).Select(labels =>
        {
            double Mean(string method, Func<Run, double> pick) => runs.Where(r => r.Labels == labels && r.Method == method).Average(pick);
            var f1 = Mean(Adapted, r => r.F1) > Mean(Sdca, r => r.F1);
            var auc = Mean(Adapted, r => r.Auc) > Mean(Sdca, r => r.Auc);
            return string.Create(CultureInfo.InvariantCulture, $"{labels} labels: F1 {(f1 ? "met" : "not met")}, AUC {(auc ? "met" : "not met")}");
        });
        md.AppendLine("Goal — (d) beats (a) at 50 and 100 labels: " + string.Join("; ", goals) + ".");
        var json = JsonSerializer.Serialize(new { settings, testSize = test.Length, poolSize, pretrainSeconds, adaptSeconds, bits, runs }, s_indented);
        return (md.ToString(), json);
    }
}
