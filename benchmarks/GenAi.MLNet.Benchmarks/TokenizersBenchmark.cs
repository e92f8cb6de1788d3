using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GenAi.MLNet.Text;
using Microsoft.ML.Tokenizers;

namespace GenAi.MLNet.Benchmarks;

/// <summary>
/// Tokenizers on held-out Austen: each is trained on five novels and measured on the sixth (Persuasion):
/// vocabulary size, characters per token, unknown-token rate, training time.
/// </summary>
internal static class TokenizersBenchmark
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public sealed record Settings(int[] Sizes);

    public static void Run(string root, Settings settings)
    {
        var text = Path.Combine(root, "data", "text");
        var held = File.ReadAllText(Path.Combine(text, "austen_persuasion.txt"));
        var training = Directory.GetFiles(text, "austen_*.txt").Where(f => !f.EndsWith("persuasion.txt", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
        var rows = new List<(TokenizerReport Report, double Seconds)>();

        var watch = Stopwatch.StartNew();
        var characters = CharacterTokenizer.Train(training);
        rows.Add((TokenizerReport.Measure("character", characters.VocabularySize, held, characters.Encode(held), CharacterTokenizer.UnknownId), watch.Elapsed.TotalSeconds));
        foreach (var size in settings.Sizes)
        {
            watch.Restart();
            var bpe = BpeTrainer.Train(training, new BpeTrainerOptions { VocabularySize = size });
            var seconds = watch.Elapsed.TotalSeconds;
            var tokenizer = bpe.CreateTokenizer();
            var ids = tokenizer.EncodeToIds(held);
            Check(tokenizer.Decode(ids) == held, "byte-level BPE round trip");
            rows.Add((TokenizerReport.Measure($"byte-level BPE {size:N0}", bpe.Count, held, ids.Select(i => (long)i)), seconds));

            foreach (var score in new[] { WordPieceScore.Frequency, WordPieceScore.Likelihood })
            {
                watch.Restart();
                var wordPiece = WordPieceTrainer.Train(training, new WordPieceTrainerOptions { VocabularySize = size, Score = score });
                seconds = watch.Elapsed.TotalSeconds;
                var pieces = wordPiece.CreateTokenizer().EncodeToIds(held, addSpecialTokens: false);
                rows.Add((TokenizerReport.Measure($"WordPiece {size:N0}, uncased, {score.ToString().ToLowerInvariant()}", wordPiece.Count, held, pieces.Select(i => (long)i), WordPieceVocabulary.UnknownId), seconds));
            }
        }

        var gpt2 = TiktokenTokenizer.CreateForModel("gpt2");
        var gptIds = gpt2.EncodeToIds(held);
        rows.Add((TokenizerReport.Measure("GPT-2 (pre-trained, 40 GB of web text)", 50257, held, gptIds.Select(i => (long)i)), double.NaN));

        var results = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "tokenizers.json"), JsonSerializer.Serialize(rows.Select(r => new
        {
            r.Report.Name, r.Report.VocabularySize, r.Report.Characters, r.Report.Tokens, r.Report.UnknownTokens,
            r.Report.CharactersPerToken, r.Report.UnknownRate, TrainingSeconds = double.IsNaN(r.Seconds) ? (double?)null : r.Seconds,
        }), s_indented));
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Tokenizers trained on five Austen novels ({training.Sum(t => t.Length):N0} characters) and measured on the sixth, Persuasion ({held.Length:N0} characters); {DateTime.UtcNow:yyyy-MM-dd}.");
        md.AppendLine();
        md.AppendLine("| tokenizer | vocabulary | tokens | characters per token | unknown tokens | training time |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var (r, s) in rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.VocabularySize:N0} | {r.Tokens:N0} | {r.CharactersPerToken:F2} | {r.UnknownRate:P3} | {(double.IsNaN(s) ? "–" : $"{s:F1} s")} |");
        }

        md.AppendLine();
        md.AppendLine("Byte-level BPE and GPT-2 decode back to the exact text (checked); WordPiece drops case and whitespace (BERT's basic tokenization), so part of its higher characters per token is text it does not keep. Likelihood-scored WordPiece spends its merges on whole rare words.");
        File.WriteAllText(Path.Combine(results, "tokenizers.md"), md.ToString());
        Console.WriteLine(md);
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(what + " failed");
        }
    }
}
