using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Gan;

namespace GenAi.MLNet.Benchmarks;

/// <summary>
/// The mode-collapse table: every lab configuration on the ring and the grid at a budget of generator
/// steps; the vanilla protocol and the best configuration over three seeds, each other remedy over one.
/// </summary>
internal static class GanModesBenchmark
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public sealed record Settings(long Steps, string[] Configurations, string Best, int[] Seeds, int Threads, string[] Data);

    private sealed record Row(string Configuration, string Data, int Seed, int Modes, double HighQuality, double ReverseKl, double Seconds, long Steps);

    public static void Run(string root, Settings settings)
    {
        var data = settings.Data.Select(d => d == "ring" ? GaussianMixture.Ring() : GaussianMixture.Grid()).ToArray();
        var rows = new List<Row>();
        foreach (var name in settings.Configurations)
        {
            var configuration = MixtureLab.Configuration(name);
            var seeds = name == "vanilla" || name == settings.Best ? settings.Seeds : settings.Seeds.Take(1).ToArray();
            foreach (var mixture in data)
            {
                foreach (var seed in seeds)
                {
                    var result = MixtureLab.Run(mixture, configuration, settings.Steps, seed, threads: settings.Threads);
                    result.Model.Dispose();
                    var s = result.Scores;
                    rows.Add(new Row(name, mixture.Name, seed, s.ModesCaptured, s.HighQualityFraction, s.ReverseKl, result.Seconds, result.GeneratorSteps));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name,-17} {mixture.Name} seed {seed}: {s.ModesCaptured}/{s.Modes} modes, {s.HighQualityFraction:P1} high quality, reverse KL {s.ReverseKl:F3}, {result.Seconds:F0} s"));
                }
            }
        }

        var results = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "gan-mode-collapse.json"), JsonSerializer.Serialize(new { settings, rows }, Indented));
        File.WriteAllText(Path.Combine(results, "gan-mode-collapse.md"), Markdown(settings, rows));
        Console.WriteLine(Markdown(settings, rows));
    }

    private static string Markdown(Settings settings, List<Row> rows)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c, $"Budget: {settings.Steps:N0} generator steps per run (the paper: 400,000). Mean over seeds {string.Join(", ", settings.Seeds)} for vanilla and `{settings.Best}`, one seed otherwise; 2,500 samples per run; {settings.Threads} threads; {DateTime.UtcNow:yyyy-MM-dd}.");
        md.AppendLine();
        md.AppendLine("| configuration | ring: modes (of 8) | ring: high quality | ring: reverse KL | grid: modes (of 25) | grid: high quality | grid: reverse KL | seeds |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var name in settings.Configurations)
        {
            var ring = rows.Where(r => r.Configuration == name && r.Data == "ring").ToList();
            var grid = rows.Where(r => r.Configuration == name && r.Data == "grid").ToList();
            string Cell(List<Row> rs, Func<Row, double> f, string format) => rs.Count == 0 ? "–" : rs.Count == 1
                ? f(rs[0]).ToString(format, c)
                : $"{rs.Average(f).ToString(format, c)} (min {rs.Min(f).ToString(format, c)})";
            md.AppendLine(c, $"| {name} | {Cell(ring, r => r.Modes, "0.#")} | {Cell(ring, r => r.HighQuality * 100, "0.0")} % | {Cell(ring, r => r.ReverseKl, "0.000")} | {Cell(grid, r => r.Modes, "0.#")} | {Cell(grid, r => r.HighQuality * 100, "0.0")} % | {Cell(grid, r => r.ReverseKl, "0.000")} | {ring.Count} |");
        }

        md.AppendLine("| *PacGAN paper, 400k steps (Lin et al. 2018, Table 1)* | *7.9* | *95.6 %* | *0.07* | *24.8* | *93.6 %* | *0.04* | 10 |");
        md.AppendLine("| *VEEGAN (Srivastava et al. 2017)* | *8* | *52.9 %* | | *24.6* | *40 %* | | |");
        md.AppendLine();
        md.AppendLine("Timings per run are in the JSON next to this file; the notebook 06 table times a shorter run of each configuration.");
        return md.ToString();
    }
}
