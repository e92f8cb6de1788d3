using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GenAi.MLNet.Data;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Models.Autoregressive;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Benchmarks;

/// <summary>
/// WaveNet on audio rendered from the 13 MIDI pieces in data/music (8 kHz): each piece's first 80 % to train, the
/// last 20 % to test, in clips of 512 samples; test bits per sample against unigram and n-gram baselines over the
/// same μ-law classes; two seconds of generated audio written as benchmarks/results/wavenet-sample.wav.
/// </summary>
internal static class WaveNetBenchmark
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public sealed record Settings(int Epochs, int Seed, int Threads, int Clip, int SampleRate, int GenerateSeconds);

    public static void Run(string root, Settings settings)
    {
        var files = Directory.GetFiles(Path.Combine(root, "data", "music"), "*.mid").Order(StringComparer.Ordinal).ToArray();
        var pieces = files.Select(p => MidiAudio.Render(p, settings.SampleRate)).ToArray();
        var trainClips = AudioClips.Cut(pieces.Select(p => p[..(int)(p.Length * 0.8)]), settings.Clip);
        var testClips = AudioClips.Cut(pieces.Select(p => p[(int)(p.Length * 0.8)..]), settings.Clip);
        Console.WriteLine($"{files.Length} pieces, {pieces.Sum(p => p.Length) / (double)settings.SampleRate:F0} s; {trainClips.Length} training and {testClips.Length} test clips of {settings.Clip}");
        var ml = new MLContext(settings.Seed);
        var watch = Stopwatch.StartNew();
        using var model = ml.Generative().WaveNet(new WaveNetOptions { Epochs = settings.Epochs, BatchSize = 8, LearningRate = 2e-3, NumberOfThreads = settings.Threads, Seed = settings.Seed })
            .Fit(AudioClips.ToDataView(trainClips));
        var trainSeconds = watch.Elapsed.TotalSeconds;
        var bits = model.Transform(AudioClips.ToDataView(testClips)).GetColumn<float>("BitsPerSample").Average();
        var trainClasses = trainClips.Select(c => MuLaw.Encode(c)).ToArray();
        var testClasses = testClips.Select(c => MuLaw.Encode(c)).ToArray();
        var baselines = Enumerable.Range(1, 4).Select(n => SequenceBaselines.BitsPerSymbol(trainClasses, testClasses, 256, n)).ToArray();
        watch.Restart();
        var audio = model.Generate(1, settings.GenerateSeconds * settings.SampleRate, seed: settings.Seed)[0];
        var generateSeconds = watch.Elapsed.TotalSeconds;
        var results = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        WaveFile.Write(Path.Combine(results, "wavenet-sample.wav"), audio, settings.SampleRate);
        var rms = Math.Sqrt(audio.Average(x => x * x));
        var testRms = Math.Sqrt(testClips.SelectMany(c => c).Average(x => x * x));
        File.WriteAllText(Path.Combine(results, "wavenet-midi.json"), JsonSerializer.Serialize(new
        {
            settings.Epochs, settings.Seed, settings.Threads, settings.Clip, settings.SampleRate, TrainClips = trainClips.Length, TestClips = testClips.Length,
            WaveNetBits = bits, UnigramBits = baselines[0], BigramBits = baselines[1], TrigramBits = baselines[2], FourGramBits = baselines[3], TrainSeconds = trainSeconds, GenerateSeconds = generateSeconds, GeneratedRms = rms, TestRms = testRms,
        }, s_indented));
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Audio rendered from the {files.Length} MIDI pieces of data/music at {settings.SampleRate} Hz ({pieces.Sum(p => p.Length) / (double)settings.SampleRate:F0} s); each piece's first 80 % to train ({trainClips.Length} clips of {settings.Clip} samples), the last 20 % to test ({testClips.Length} clips); 256 μ-law classes. WaveNet: 10 gated layers, dilations 1–512 (receptive field 1,024 samples), 32 residual and 64 skip channels, Adam 2e-3, batch 8 clips, gradient norm ≤ 1, {settings.Epochs} epochs, seed {settings.Seed}, {settings.Threads} thread(s); {DateTime.UtcNow:yyyy-MM-dd}.");
        md.AppendLine();
        md.AppendLine("| model | test bits per sample |");
        md.AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| WaveNet ({trainSeconds:F0} s of training) | {bits:F3} |");
        string[] names = ["unigram (add-one counts)", "bigram (1 sample of context)", "trigram (2)", "4-gram (3)"];
        for (var i = 0; i < baselines.Length; i++)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {names[i]}{(i > 0 ? ", counted on the training clips, interpolated with the lower orders" : "")} | {baselines[i]:F3} |");
        }

        md.AppendLine("| uniform over 256 classes | 8.000 |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Generated: {settings.GenerateSeconds} s of audio in {generateSeconds:F0} s (one network pass per sample), RMS {rms:F3} (test audio {testRms:F3}) → `wavenet-sample.wav`.");
        File.WriteAllText(Path.Combine(results, "wavenet-midi.md"), md.ToString());
        Console.WriteLine(md);
    }
}
