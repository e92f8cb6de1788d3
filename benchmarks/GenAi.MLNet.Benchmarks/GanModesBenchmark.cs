using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using GenAi.MLNet.Data;
using GenAi.MLNet.Courseware;
using GenAi.MLNet.Models.Gan;

namespace GenAi.MLNet.Benchmarks;

/// <summary>
/// The mode-collapse table: every lab configuration on the ring and the grid at a budget of generator
/// steps; the vanilla protocol and the best configuration over three seeds, each other remedy over one.
/// </summary>
internal static class GanModesBenchmark
{
    // A run with no high-quality sample has an infinite reverse KL: write it as "Infinity", not an error.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private static readonly JsonSerializerOptions OneLine = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private static readonly JsonSerializerOptions Reading = new() { PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <param name="Merge">Keep the rows of earlier runs for configurations and data sets not run now.</param>
    /// <param name="Seconds">Train each run for this wall-clock time instead of <paramref name="Steps"/> (the equal-time table, its own report).</param>
    public sealed record Settings(long Steps, string[] Configurations, string Best, int[] Seeds, int Threads, string[] Data, bool Merge = false, double? Seconds = null);

    private sealed record Row(string Configuration, string Data, int Seed, int Modes, double HighQuality, double ReverseKl, double Seconds, long Steps, string? Date = null);

    private sealed record Report(Settings Settings, List<Row> Rows);

    public static void Run(string root, Settings settings)
    {
        var data = settings.Data.Select(d => d == "ring" ? GaussianMixture.Ring() : GaussianMixture.Grid()).ToArray();
        var results = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        // Each time budget has its own report (e.g. gan-mode-collapse-85s.md), beside the steps budget's.
        var name0 = settings.Seconds is { } budget ? string.Create(CultureInfo.InvariantCulture, $"gan-mode-collapse-{budget:0.#}s") : "gan-mode-collapse";
        var json = Path.Combine(results, name0 + ".json");
        var earlier = settings.Merge && File.Exists(json) ? ReadReport(json) : null; // fail before hours of training, not after
        if (earlier is not null && (earlier.Settings.Steps != settings.Steps || earlier.Settings.Seconds != settings.Seconds))
            throw new InvalidOperationException($"--merge: the earlier report ran {Budget(earlier.Settings)}, this run {Budget(settings)}; merge only runs of the same budget.");

        // Every finished run is appended here at once, so a crash or a kill loses at most the run in progress.
        var log = Path.Combine(results, name0 + ".runs.jsonl");
        var rows = new List<Row>();
        foreach (var name in settings.Configurations)
        {
            var configuration = MixtureLab.Configuration(name);
            var seeds = name == "vanilla" || name == settings.Best ? settings.Seeds : settings.Seeds.Take(1).ToArray();
            foreach (var mixture in data)
            {
                foreach (var seed in seeds)
                {
                    var result = settings.Seconds is { } seconds
                        ? MixtureLab.RunFor(mixture, configuration, TimeSpan.FromSeconds(seconds), seed, threads: settings.Threads)
                        : MixtureLab.Run(mixture, configuration, settings.Steps, seed, threads: settings.Threads);
                    result.Model.Dispose();
                    var s = result.Scores;
                    var row = new Row(name, mixture.Name, seed, s.ModesCaptured, s.HighQualityFraction, s.ReverseKl, result.Seconds, result.GeneratorSteps,
                        DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    rows.Add(row);
                    File.AppendAllText(log, JsonSerializer.Serialize(row, OneLine) + Environment.NewLine);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name,-17} {mixture.Name} seed {seed}: {s.ModesCaptured}/{s.Modes} modes, {s.HighQualityFraction:P1} high quality, reverse KL {s.ReverseKl:F3}, {result.Seconds:F0} s, {result.GeneratorSteps:N0} generator steps"));
                }
            }
        }

        if (earlier is not null)
            (settings, rows) = Merged(settings, rows, earlier);

        File.WriteAllText(json, JsonSerializer.Serialize(new Report(settings, rows), Indented));
        File.WriteAllText(Path.Combine(results, name0 + ".md"), Markdown(settings, rows));
        Console.WriteLine(Markdown(settings, rows));
    }

    private static string Budget(Settings settings) => settings.Seconds is { } seconds
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#} s of training per run")
        : string.Create(CultureInfo.InvariantCulture, $"{settings.Steps:N0} generator steps per run");

    private static Report ReadReport(string path)
    {
        var report = JsonSerializer.Deserialize<Report>(File.ReadAllText(path), Reading);
        return report?.Settings is null || report.Rows is null
            ? throw new InvalidDataException($"{path} has no 'settings' and 'rows'; cannot merge into it.")
            : report;
    }

    /// <summary>The earlier report's rows, with the (configuration, data set) pairs run now replaced by the new rows.</summary>
    private static (Settings, List<Row>) Merged(Settings settings, List<Row> rows, Report earlier)
    {
        var replaced = rows.Select(r => (r.Configuration, r.Data)).ToHashSet();
        var merged = earlier.Rows.Where(r => !replaced.Contains((r.Configuration, r.Data))).Concat(rows).ToList();
        var names = earlier.Settings.Configurations.Concat(settings.Configurations).Distinct().ToArray();
        return (settings with { Configurations = names, Data = earlier.Settings.Data.Union(settings.Data).ToArray(), Seeds = earlier.Settings.Seeds.Union(settings.Seeds).Order().ToArray() }, merged);
    }

    private static string Markdown(Settings settings, List<Row> rows)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c, $"Budget: {Budget(settings)} (the paper: 400,000 generator steps). Mean over seeds {string.Join(", ", settings.Seeds)} for vanilla and `{settings.Best}`, one seed otherwise; 2,500 samples per run; {settings.Threads} threads; {string.Join(" to ", rows.Select(r => r.Date ?? "2026-11-26").Distinct().Order())}.");
        md.AppendLine();
        md.AppendLine("| configuration | ring: modes (of 8) | ring: high quality | ring: reverse KL | grid: modes (of 25) | grid: high quality | grid: reverse KL | seeds | generator steps (ring / grid) | training s (ring / grid) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var name in settings.Configurations)
        {
            var ring = rows.Where(r => r.Configuration == name && r.Data == "ring").ToList();
            var grid = rows.Where(r => r.Configuration == name && r.Data == "grid").ToList();
            string Mean(List<Row> rs, Func<Row, double> f, string format) => rs.Count == 0 ? "–" : rs.Average(f).ToString(format, c);
            string Cell(List<Row> rs, Func<Row, double> f, string format) => rs.Count == 0 ? "–" : rs.Count == 1
                ? f(rs[0]).ToString(format, c)
                : $"{rs.Average(f).ToString(format, c)} (min {rs.Min(f).ToString(format, c)})";
            md.AppendLine(c, $"| {name} | {Cell(ring, r => r.Modes, "0.#")} | {Cell(ring, r => r.HighQuality * 100, "0.0")} % | {Cell(ring, r => r.ReverseKl, "0.000")} | {Cell(grid, r => r.Modes, "0.#")} | {Cell(grid, r => r.HighQuality * 100, "0.0")} % | {Cell(grid, r => r.ReverseKl, "0.000")} | {ring.Count} | {Mean(ring, r => r.Steps, "N0")} / {Mean(grid, r => r.Steps, "N0")} | {Mean(ring, r => r.Seconds, "0")} / {Mean(grid, r => r.Seconds, "0")} |");
        }

        md.AppendLine("| *PacGAN paper, 400k steps (Lin et al. 2018, Table 1)* | *7.9* | *95.6 %* | *0.07* | *24.8* | *93.6 %* | *0.04* | 10 | | |");
        md.AppendLine("| *VEEGAN (Srivastava et al. 2017)* | *8* | *52.9 %* | | *24.6* | *40 %* | | | | |");
        md.AppendLine();
        md.AppendLine("Timings per run are in the JSON next to this file; the notebook 06 table times a shorter run of each configuration.");
        return md.ToString();
    }
}
