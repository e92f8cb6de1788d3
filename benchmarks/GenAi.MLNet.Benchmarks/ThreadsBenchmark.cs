using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using GenAi.MLNet.Courseware;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Gan;
using Microsoft.ML;

namespace GenAi.MLNet.Benchmarks;

/// <summary>
/// Training speed on a quiet machine and beside other busy work, under libgomp's spin policies: the default
/// the library had before (spin 300,000 iterations, what libgomp does unconfigured), the library's default now
/// (GOMP_SPINCOUNT=1000) and OMP_WAIT_POLICY=PASSIVE. Each run is a fresh process (libgomp reads its
/// settings at load). Workloads: a DCGAN on MNIST (batch 64) and the mode-collapse lab's MLP GAN on the grid
/// (batch 100, many small operations).
/// </summary>
internal static class ThreadsBenchmark
{
    internal sealed record Settings(int DcganSteps, int LabSteps, int Threads, int Repeats);

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    private static readonly (string Name, string Variable, string Value)[] s_policies =
    [
        ("before: libgomp's default spin (300,000)", "GOMP_SPINCOUNT", "300000"),
        ("now: GOMP_SPINCOUNT=1000 (library default)", "", ""),
        ("OMP_WAIT_POLICY=PASSIVE", "OMP_WAIT_POLICY", "PASSIVE"),
    ];

    private static readonly string[] s_conditions = ["quiet", "beside a busy process (1 thread)", "beside a second training (same)"];

    public static void Run(string root, Settings settings)
    {
        var results = new List<Dictionary<string, object>>();
        foreach (var workload in new[] { "dcgan", "lab" })
        {
            foreach (var (policy, variable, value) in s_policies)
            {
                foreach (var condition in s_conditions)
                {
                    var rates = new List<double>();
                    for (var r = 0; r < settings.Repeats; r++)
                    {
                        rates.Add(Measure(workload, variable, value, condition, settings));
                    }

                    var median = rates.Order().ElementAt(rates.Count / 2);
                    Console.WriteLine($"{workload,-6} {policy,-44} {condition,-36} {median,8:F2} steps/s ({string.Join(", ", rates.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))})");
                    results.Add(new() { ["workload"] = workload, ["policy"] = policy, ["condition"] = condition, ["steps_per_second"] = median, ["runs"] = rates });
                }
            }
        }

        var dir = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "threads.json"), JsonSerializer.Serialize(new { settings, cpu = CpuName(), date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), results }, s_indented));
        File.WriteAllText(Path.Combine(dir, "threads.md"), Report(settings, results));
        Console.WriteLine(File.ReadAllText(Path.Combine(dir, "threads.md")));
    }

    /// <summary>A child run: trains <paramref name="workload"/> and prints its steps per second.</summary>
    public static void RunChild(string workload, int steps, int threads)
    {
        double rate;
        if (workload == "dcgan")
        {
            var data = ImageDatasets.Mnist().Take(64 * (steps + 5)).ToDataView();
            var warm = new GanOptions { Architecture = GanArchitecture.Convolutional, Epochs = 1, NumberOfThreads = threads, Seed = 1 };
            new MLContext(1).Generative().Gan(warm).Fit(ImageDatasets.Mnist().Take(64 * 3).ToDataView());
            var watch = Stopwatch.StartNew();
            var gan = new MLContext(1).Generative().Gan(new GanOptions { Architecture = GanArchitecture.Convolutional, Epochs = 1, NumberOfThreads = threads, Seed = 1, MaxGeneratorSteps = steps }).Fit(data);
            rate = gan.GeneratorSteps / watch.Elapsed.TotalSeconds;
        }
        else
        {
            MixtureLab.Run(GaussianMixture.Grid(), MixtureLab.Configuration("vanilla"), 20, seed: 1, threads: threads);
            var run = MixtureLab.Run(GaussianMixture.Grid(), MixtureLab.Configuration("vanilla"), steps, seed: 1, threads: threads);
            rate = run.GeneratorSteps / run.Seconds;
        }

        Console.WriteLine("RATE " + rate.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Spins one thread until killed: the busy neighbour.</summary>
    public static void Spin()
    {
        var x = 0UL;
        while (true)
        {
            x = unchecked((x * 6364136223846793005UL) + 1442695040888963407UL);
            if (x == 42)
            {
                Console.WriteLine(x);
            }
        }
    }

    private static double Measure(string workload, string variable, string value, string condition, Settings settings)
    {
        var steps = workload == "dcgan" ? settings.DcganSteps : settings.LabSteps;
        Process? neighbour = null;
        Process? second = null;
        try
        {
            if (condition.StartsWith("beside a busy", StringComparison.Ordinal))
            {
                neighbour = Start(["threads-spin"], "", "");
            }

            if (condition.StartsWith("beside a second", StringComparison.Ordinal))
            {
                second = Start(["threads-run", workload, steps.ToString(CultureInfo.InvariantCulture), settings.Threads.ToString(CultureInfo.InvariantCulture)], variable, value);
            }

            var child = Start(["threads-run", workload, steps.ToString(CultureInfo.InvariantCulture), settings.Threads.ToString(CultureInfo.InvariantCulture)], variable, value);
            var rate = ReadRate(child);
            if (second is not null)
            {
                rate = (rate + ReadRate(second)) / 2;   // both trainings' mean rate
                second = null;
            }

            return rate;
        }
        finally
        {
            neighbour?.Kill();
            neighbour?.Dispose();
            second?.Kill();
        }
    }

    private static Process Start(string[] args, string variable, string value)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(typeof(ThreadsBenchmark).Assembly.Location);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        if (variable.Length > 0)
        {
            info.Environment[variable] = value;
        }

        return Process.Start(info)!;
    }

    private static double ReadRate(Process process)
    {
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RATE ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"A child run failed ({process.ExitCode}): {output}\n{error}");
        process.Dispose();
        return double.Parse(line[5..], CultureInfo.InvariantCulture);
    }

    private static string Report(Settings settings, List<Dictionary<string, object>> results)
    {
        var c = CultureInfo.InvariantCulture;
        double Rate(string workload, string policy, string condition)
            => (double)results.Single(r => (string)r["workload"] == workload && (string)r["policy"] == policy && (string)r["condition"] == condition)["steps_per_second"];
        var md = new StringBuilder();
        md.AppendLine(c, $"Training steps per second with {settings.Threads} threads per training, median of {settings.Repeats} runs; DCGAN on MNIST (batch 64, {settings.DcganSteps} generator steps after a warm-up) and the mode-collapse lab's MLP GAN on the grid (batch 100, {settings.LabSteps} steps); {CpuName()}, {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd}. Beside a second training: the mean rate of the two.");
        md.AppendLine();
        md.AppendLine("| workload | OpenMP idle policy | quiet | beside a busy process | slowdown | beside a second training | slowdown |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var workload in new[] { "dcgan", "lab" })
        {
            foreach (var (policy, _, _) in s_policies)
            {
                var quiet = Rate(workload, policy, s_conditions[0]);
                var busy = Rate(workload, policy, s_conditions[1]);
                var pair = Rate(workload, policy, s_conditions[2]);
                md.AppendLine(c, $"| {(workload == "dcgan" ? "DCGAN" : "MLP GAN (lab)")} | {policy} | {quiet:F2} | {busy:F2} | {quiet / busy:F1}x | {pair:F2} | {quiet / pair:F1}x |");
            }
        }

        md.AppendLine();
        md.AppendLine("Sharing two cores with one more busy thread costs at most 1.5x in proportion (2 of 3 threads' CPU), and with a second 2-thread training 2x; far larger slowdowns are idle OpenMP threads spinning on cores the others need.");
        return md.ToString();
    }

    private static string CpuName()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
