using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML;

namespace GenAi.MLNet.Tests;

/// <summary>
/// The test assembly doubles as a small program, so tests can check behaviour in a fresh process
/// (e.g. loading a saved model): <c>dotnet GenAi.MLNet.Tests.dll transform model.zip in.bin Features out.bin A,B</c>.
/// </summary>
public static class ProcessEntry
{
    public static int Main(string[] args)
    {
        if (args.Length == 7 && args[0] == "transform")
        {
            var ml = new MLContext(seed: 123);
            var model = ml.Model.Load(args[1], out _);
            var rows = ReadMatrix(args[2]).ToArray();
            var input = args[6].Length == 0
                ? TestData.Vectors(args[3], rows)
                : new GenAi.MLNet.Core.InMemoryDataView.Builder()
                    .AddVector(args[3], rows.SelectMany(r => r[..^1]).ToArray(), rows[0].Length - 1)
                    .AddKey(args[6], rows.Select(r => (int)r[^1]).ToArray(), Enumerable.Range(0, (int)rows.Max(r => r[^1]) + 1).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray())
                    .Build();
            var outputs = TestData.ReadColumns(model.Transform(input), args[5].Split(','));
            WriteMatrix(args[4], outputs);
            return 0;
        }

        Console.Error.WriteLine("usage: transform <model.zip> <input.bin> <featureColumn> <output.bin> <col1,col2,...> <labelColumn or empty>");
        return 2;
    }

    /// <summary>Runs this assembly in a new process and fails with its output if it fails.</summary>
    public static void Run(params string[] args)
    {
        var assembly = typeof(ProcessEntry).Assembly.Location;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(assembly);
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
            throw new InvalidOperationException($"Child process failed ({process.ExitCode}): {stdout.Result}\n{stderr}");
        }
    }

    public static void WriteMatrix(string path, List<float[]> rows)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(rows.Count);
        foreach (var row in rows)
        {
            writer.Write(row.Length);
            foreach (var v in row)
            {
                writer.Write(v);
            }
        }
    }

    public static List<float[]> ReadMatrix(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var rows = new List<float[]>();
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var row = new float[reader.ReadInt32()];
            for (var j = 0; j < row.Length; j++)
            {
                row[j] = reader.ReadSingle();
            }

            rows.Add(row);
        }

        return rows;
    }
}
