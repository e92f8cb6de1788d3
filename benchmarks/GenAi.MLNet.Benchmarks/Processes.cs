using System;
using System.Diagnostics;

namespace GenAi.MLNet.Benchmarks;

/// <summary>Runs the benchmarks' child processes (PyTorch scripts, our own runs in fresh processes).</summary>
internal static class Processes
{
    /// <summary>Runs <paramref name="file"/> and returns its standard output; throws with both outputs when it fails.</summary>
    public static string Run(string file, params string[] args) => RunWithEnvironment(null, null, file, args);

    /// <summary>Runs <paramref name="file"/> with one environment variable set.</summary>
    public static string RunWithEnvironment(string? variable, string? value, string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (variable is not null)
        {
            info.Environment[variable] = value;
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr}");
        }

        return stdout.Result;
    }
}
