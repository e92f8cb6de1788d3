using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Autoencoders;
using GenAi.MLNet.Models.Gan;
using GenAi.MLNet.Tests;
using GenAi.MLNet.Tests.Conformance;
using Microsoft.ML;

namespace GenAi.MLNet.Benchmarks;

/// <summary>
/// The long fuzz run: for each family, many damaged and altered copies of a saved model (the mutations of
/// the conformance suite's fuzz test), each loaded with <c>LoadVerified</c> in this process and with plain
/// <c>Model.Load</c> in a child process that is killed and restarted when a load does not answer in time.
/// </summary>
internal static class FuzzBenchmark
{
    internal sealed record Settings(int Files, string[] Families, double TimeoutSeconds);

    private static readonly string[] s_outputs = ["AnomalyScore", "Realness"];
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static IReadOnlyDictionary<string, Func<MLContext, IDataView, ITransformer>> Families { get; } = new Dictionary<string, Func<MLContext, IDataView, ITransformer>>
    {
        ["vae"] = (ml, d) => ml.Generative().Vae(new VaeOptions { Epochs = 2, HiddenSizes = [32], LatentDimension = 4 }).Fit(d),
        ["vae-conv"] = (ml, d) => ml.Generative().Vae(new VaeOptions { Epochs = 2, Architecture = AutoencoderArchitecture.Convolutional, ConvChannels = [8, 16], LatentDimension = 4 }).Fit(d),
        ["autoencoder"] = (ml, d) => ml.Generative().Autoencoder(new AutoencoderOptions { Epochs = 2, HiddenSizes = [32], LatentDimension = 4 }).Fit(d),
        ["gan"] = (ml, d) => ml.Generative().Gan(new GanOptions { Epochs = 2, NoiseDimension = 8, GeneratorHiddenSizes = [32], DiscriminatorHiddenSizes = [32] }).Fit(d),
        ["wgan-packed"] = (ml, d) => ml.Generative().Gan(new GanOptions { Epochs = 2, Loss = GanLoss.WassersteinGp, CriticSteps = 2, Pack = 2, SpectralNorm = true, GeneratorEma = 0.9, NoiseDimension = 8, GeneratorHiddenSizes = [32], DiscriminatorHiddenSizes = [32] }).Fit(d),
        ["dcgan"] = (ml, d) => ml.Generative().Gan(new GanOptions { Epochs = 2, Architecture = GanArchitecture.Convolutional, NoiseDimension = 8, GeneratorChannels = 8, DiscriminatorChannels = 8 }).Fit(d),
        ["cdcgan"] = (ml, d) => ml.Generative().Gan(new GanOptions { Epochs = 2, Architecture = GanArchitecture.Convolutional, LabelColumnName = "Label", Loss = GanLoss.Hinge, SpectralNorm = true, NoiseDimension = 8, GeneratorChannels = 8, DiscriminatorChannels = 8 }).Fit(d),
    };

    public static void Run(string root, Settings settings)
    {
        var work = Path.Combine(Path.GetTempPath(), "genai-mlnet-fuzz", Guid.NewGuid().ToString("N"));
        var table = new List<(string Family, Dictionary<FuzzOutcome, int> Verified, Dictionary<FuzzOutcome, int> Plain, List<string> Problems)>();
        foreach (var family in settings.Families)
        {
            var dir = Path.Combine(work, family);
            Directory.CreateDirectory(dir);
            var train = TestData.Digits.Take(600).ToDataView();
            var original = Path.Combine(dir, "original.zip");
            var foreign = Path.Combine(dir, "foreign.zip");
            new MLContext(1).Model.Save(Families[family](new MLContext(1), train), train.Schema, original);
            new MLContext(1).Model.Save(Families[family](new MLContext(2), train), train.Schema, foreign);
            var (bytes, other) = (File.ReadAllBytes(original), File.ReadAllBytes(foreign));
            var random = new Random(20261129);
            var mutations = Enumerable.Range(0, settings.Files).Select(_ => ModelFileFuzzer.Mutate(bytes, other, random)).ToList();
            for (var i = 0; i < mutations.Count; i++)
            {
                File.WriteAllBytes(Path.Combine(dir, $"{i:D5}.zip"), mutations[i].Bytes);
            }

            File.WriteAllText(Path.Combine(dir, "kinds.json"), JsonSerializer.Serialize(mutations.Select(m => m.Kind.ToString()).ToArray()));

            var scoring = Scoring();
            var columns = Columns(original);
            var expected = TestData.ReadColumns(new MLContext(1).Model.Load(original, out _).Transform(scoring), columns);
            var verified = new Dictionary<FuzzOutcome, int>();
            var problems = new List<string>();
            var scratch = Path.Combine(dir, "verified.zip");
            var watch = Stopwatch.StartNew();
            foreach (var mutation in mutations)
            {
                var (outcome, detail) = ModelFileFuzzer.Classify(mutation, scratch, scoring, columns, expected, TimeSpan.FromSeconds(settings.TimeoutSeconds));
                verified[outcome] = verified.GetValueOrDefault(outcome) + 1;
                if (outcome is FuzzOutcome.SilentlyDifferent or FuzzOutcome.Hang or FuzzOutcome.Crash)
                {
                    problems.Add($"LoadVerified {outcome}: {mutation.Kind} {detail}");
                }
            }

            var plain = PlainLoads(dir, mutations, settings.TimeoutSeconds, problems);
            Console.WriteLine($"{family}: {settings.Files} files in {watch.Elapsed.TotalSeconds:F0} s; LoadVerified {Format(verified)}; Model.Load {Format(plain)}");
            table.Add((family, verified, plain, problems));
        }

        var results = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "fuzz.json"), JsonSerializer.Serialize(table.Select(t => new
        {
            family = t.Family,
            loadVerified = t.Verified.ToDictionary(p => p.Key.ToString(), p => p.Value),
            modelLoad = t.Plain.ToDictionary(p => p.Key.ToString(), p => p.Value),
            problems = t.Problems,
        }), s_indented));
        File.WriteAllText(Path.Combine(results, "fuzz.md"), Report(settings, table));
        Console.WriteLine(File.ReadAllText(Path.Combine(results, "fuzz.md")));
        Directory.Delete(work, recursive: true);
    }

    /// <summary>A child: plain Model.Load of mutation files from <paramref name="start"/>, one result line each.</summary>
    public static void RunChild(string dir, int start)
    {
        var original = Path.Combine(dir, "original.zip");
        var kinds = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(dir, "kinds.json")))!;
        var scoring = Scoring();
        var columns = Columns(original);
        var expected = TestData.ReadColumns(new MLContext(1).Model.Load(original, out _).Transform(scoring), columns);
        var scratch = Path.Combine(dir, $"plain-{Environment.ProcessId}.zip");
        for (var i = start; i < kinds.Length; i++)
        {
            var mutation = new Mutation(Enum.Parse<MutationKind>(kinds[i]), $"file {i}", File.ReadAllBytes(Path.Combine(dir, $"{i:D5}.zip")));
            Console.WriteLine($"START {i}");
            var (outcome, detail) = ModelFileFuzzer.Classify(mutation, scratch, scoring, columns, expected, TimeSpan.FromDays(1), path => new MLContext(1).Model.Load(path, out _));
            Console.WriteLine($"RESULT {i} {outcome} {detail.Replace('\n', ' ')}");
        }
    }

    private static Dictionary<FuzzOutcome, int> PlainLoads(string dir, List<Mutation> mutations, double timeoutSeconds, List<string> problems)
    {
        var counts = new Dictionary<FuzzOutcome, int>();
        var next = 0;
        while (next < mutations.Count)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = false };
            info.ArgumentList.Add(typeof(FuzzBenchmark).Assembly.Location);
            info.ArgumentList.Add("fuzz-load");
            info.ArgumentList.Add(dir);
            info.ArgumentList.Add(next.ToString(CultureInfo.InvariantCulture));
            using var child = Process.Start(info)!;
            var current = -1;
            while (true)
            {
                var line = ReadLine(child, current < 0 ? 120 : timeoutSeconds);
                if (line is null)
                {
                    // No answer in time: the load at `current` hangs. Record it and restart after it.
                    child.Kill(entireProcessTree: true);
                    if (current < 0)
                    {
                        throw new InvalidOperationException("The fuzz child did not start.");
                    }

                    counts[FuzzOutcome.Hang] = counts.GetValueOrDefault(FuzzOutcome.Hang) + 1;
                    problems.Add($"Model.Load Hang: {mutations[current].Kind} {mutations[current].Description}");
                    next = current + 1;
                    break;
                }

                if (line.StartsWith("START ", StringComparison.Ordinal))
                {
                    current = int.Parse(line[6..], CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("RESULT ", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', 4);
                    var outcome = Enum.Parse<FuzzOutcome>(parts[2]);
                    counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
                    if (outcome is FuzzOutcome.SilentlyDifferent or FuzzOutcome.Crash)
                    {
                        problems.Add($"Model.Load {outcome}: {mutations[current].Kind} {(parts.Length > 3 ? parts[3] : "")}");
                    }

                    next = current + 1;
                    if (next >= mutations.Count)
                    {
                        child.WaitForExit();
                        break;
                    }
                }
                else if (line == "\u0004")
                {
                    next = current + 1;
                    break;
                }
            }
        }

        return counts;
    }

    private static string? ReadLine(Process process, double seconds)
    {
        var task = process.StandardOutput.ReadLineAsync();
        return task.Wait(TimeSpan.FromSeconds(seconds)) ? task.Result ?? "\u0004" : null;
    }

    private static IDataView Scoring() => TestData.Digits.Select(Enumerable.Range(1500, 200).ToArray()).ToDataView();

    private static string[] Columns(string modelPath)
    {
        var model = new MLContext(1).Model.Load(modelPath, out _);
        var schema = model.GetOutputSchema(Scoring().Schema);
        return s_outputs.Where(c => schema.GetColumnOrNull(c) is not null).ToArray();
    }

    private static string Format(Dictionary<FuzzOutcome, int> counts)
        => string.Join(", ", Enum.GetValues<FuzzOutcome>().Select(o => $"{o} {counts.GetValueOrDefault(o)}"));

    private static string Report(Settings settings, List<(string Family, Dictionary<FuzzOutcome, int> Verified, Dictionary<FuzzOutcome, int> Plain, List<string> Problems)> table)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c, $"{settings.Files:N0} mutated copies of one saved model per family (kinds drawn evenly: bit flip, byte set, truncation, duplicate entry, removed entry, another model's entry, impossible entry length, consistent JSON edit); each loaded and used to transform 200 rows, with a {settings.TimeoutSeconds:F0} s limit; {DateTime.UtcNow:yyyy-MM-dd}.");
        md.AppendLine();
        md.AppendLine("| family | load | rejected | identical outputs | valid edited model | silently different | hang | crash |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (family, verified, plain, _) in table)
        {
            foreach (var (name, counts) in new[] { ("`LoadVerified`", verified), ("`Model.Load`", plain) })
            {
                md.AppendLine(c, $"| {family} | {name} | {counts.GetValueOrDefault(FuzzOutcome.Rejected)} | {counts.GetValueOrDefault(FuzzOutcome.Identical)} | {counts.GetValueOrDefault(FuzzOutcome.ValidVariant)} | {counts.GetValueOrDefault(FuzzOutcome.SilentlyDifferent)} | {counts.GetValueOrDefault(FuzzOutcome.Hang)} | {counts.GetValueOrDefault(FuzzOutcome.Crash)} |");
            }
        }

        var problems = table.SelectMany(t => t.Problems.Select(p => $"{t.Family}: {p}")).ToList();
        md.AppendLine();
        md.AppendLine(problems.Count == 0 ? "No problems." : "Problems:\n\n" + string.Join("\n", problems.Take(50).Select(p => "* " + p)));
        return md.ToString();
    }
}
