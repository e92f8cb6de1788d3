using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Notebooks;

/// <summary>
/// Every notebook, executed headlessly in its own kernel process (dotnet-repl) at the CI budget. A cell
/// that throws fails its test, with the cell and the error in the message. The executed copies go to
/// artifacts/test-notebooks/.
/// </summary>
[Collection(TorchCollection.Name)]
public class NotebookTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static TheoryData<string> Notebooks()
    {
        // GENAI_TEST_NOTEBOOKS (e.g. "02,04") restricts the run to notebooks whose names start with one of the prefixes:
        // eng/test.sh runs the notebooks in two streams beside the unit tests.
        var only = Environment.GetEnvironmentVariable("GENAI_TEST_NOTEBOOKS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepoRoot, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (only is null || only.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_is_committed_clean_with_every_reference_in_its_first_cell(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot, "notebooks", name)));
        var cells = document.RootElement.GetProperty("cells").EnumerateArray().ToList();
        var code = cells.Where(c => c.GetProperty("cell_type").GetString() == "code").ToList();
        Assert.All(code, c => Assert.Empty(c.GetProperty("outputs").EnumerateArray()));
        for (var i = 1; i < code.Count; i++)
        {
            Assert.DoesNotContain("#r ", Source(code[i]), StringComparison.Ordinal);
        }

        Assert.Contains("#r \"nuget: GenAi.MLNet", Source(code[0]), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async System.Threading.Tasks.Task Notebook_runs_without_errors_at_the_CI_budget(string name)
    {
        var feed = Path.Combine(RepoRoot, "artifacts", "feed");
        Assert.True(Directory.Exists(feed) && Directory.GetFiles(feed, "GenAi.MLNet.*.nupkg").Length > 0,
            "The notebooks' local feed is empty: run eng/test.sh (it packs the library first) rather than dotnet test alone.");
        var outputPath = Path.Combine(RepoRoot, "artifacts", "test-notebooks", name);
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        File.Delete(outputPath);

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(RepoRoot, "notebooks"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "tool", "run", "dotnet-repl", "--", "--run", name, "--exit-after-run", "--output-path", outputPath })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["GENAI_BUDGET"] = "ci";
        info.Environment["GENAI_MLNET_PROGRESS"] = "final";
        info.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new System.Threading.CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{name} did not finish within {Timeout.TotalMinutes} minutes at the CI budget.");
        }

        output.WriteLine($"{name}: exit code {process.ExitCode} after {watch.Elapsed.TotalSeconds:F0} s");
        var errors = File.Exists(outputPath) ? CellErrors(outputPath) : [];
        if (errors.Count > 0 || process.ExitCode != 0)
        {
            Assert.Fail($"{name} failed (exit code {process.ExitCode}).\n{string.Join("\n", errors)}\n{await stderr}\n{Tail(await stdout)}");
        }

        // The kernel extension shows a training cell's progress (headless: its final line only).
        Assert.Contains("done: epoch", File.ReadAllText(outputPath), StringComparison.Ordinal);
    }

    /// <summary>Each error output of the executed notebook, with the first lines of its cell.</summary>
    private static List<string> CellErrors(string executedNotebook)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(executedNotebook));
        var errors = new List<string>();
        var index = 0;
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            index++;
            if (!cell.TryGetProperty("outputs", out var outputs))
            {
                continue;
            }

            foreach (var o in outputs.EnumerateArray().Where(o => o.GetProperty("output_type").GetString() == "error"))
            {
                var message = new StringBuilder($"Cell {index} ({FirstLine(Source(cell))}): ");
                message.Append(o.TryGetProperty("ename", out var ename) ? ename.GetString() : "").Append(": ");
                message.Append(o.TryGetProperty("evalue", out var evalue) ? evalue.GetString() : "");
                if (o.TryGetProperty("traceback", out var traceback))
                {
                    message.Append('\n').Append(string.Join("\n", traceback.EnumerateArray().Select(t => t.GetString()).Take(8)));
                }

                errors.Add(message.ToString());
            }
        }

        return errors;
    }

    private static string Source(JsonElement cell)
    {
        var source = cell.GetProperty("source");
        return source.ValueKind == JsonValueKind.Array ? string.Concat(source.EnumerateArray().Select(s => s.GetString())) : source.GetString() ?? "";
    }

    private static string FirstLine(string text) => text.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];

    internal static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GenAi.MLNet.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("GenAi.MLNet.sln was not found above the test assembly.");
        }
    }
}
