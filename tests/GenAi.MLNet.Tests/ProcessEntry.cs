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
        if (args.Length == 5 && args[0] == "transform")
        {
            var ml = new MLContext(seed: 123);
            var model = ml.Model.Load(args[1], out _);
            var input = ml.Data.LoadFromBinary(args[2]);
            var outputs = TestData.ReadColumns(model.Transform(input), args[4].Split(','));
            WriteMatrix(args[3], outputs);
            return 0;
        }

        if (args.Length >= 1 && args[0] == "status")
        {
            // The native set-up as a fresh process sees it (the convolution safety net is decided at load).
            Console.WriteLine(GenerativeRuntime.Status);
            Console.WriteLine("mkldnn=" + (GenAi.MLNet.Core.Native.LibTorchContext.MkldnnEnabled?.ToString() ?? "unknown"));
            Console.WriteLine("isa=" + (GenAi.MLNet.Core.Native.NativeEnvironment.Get("ONEDNN_MAX_CPU_ISA") ?? ""));
            Console.WriteLine("omp=" + (GenAi.MLNet.Core.Native.NativeEnvironment.Get("OMP_WAIT_POLICY") ?? ""));
            if (args.Length == 2 && args[1] == "train-conv")
            {
                var ml = new MLContext(1);
                var data = TestData.Digits.Take(256).ToDataView();
                var options = new GenAi.MLNet.Models.Gan.GanOptions { Architecture = GenAi.MLNet.Models.Gan.GanArchitecture.Convolutional, Epochs = 1, GeneratorChannels = 8, DiscriminatorChannels = 8, NoiseDimension = 8 };
                var a = TestData.ReadColumns(ml.Generative().Gan(options).Fit(data).Transform(data), "Realness");
                var b = TestData.ReadColumns(new MLContext(1).Generative().Gan(options).Fit(data).Transform(data), "Realness");
                Console.WriteLine("conv-deterministic=" + a.Zip(b).All(p => p.First.AsSpan().SequenceEqual(p.Second)));
                Console.WriteLine("mkldnn-after=" + (GenAi.MLNet.Core.Native.LibTorchContext.MkldnnEnabled?.ToString() ?? "unknown"));
                Console.WriteLine(GenerativeRuntime.Status);
            }

            return 0;
        }

        Console.Error.WriteLine("usage: transform <model.zip> <data.idv> <output.bin> <col1,col2,...> | status [train-conv]");
        return 2;
    }

    /// <summary>Runs this assembly in a new process and returns its standard output; fails with its output if it fails.</summary>
    public static string Run(params string[] args) => Run(null, args);

    /// <summary>Runs this assembly in a new process with extra environment variables and returns its standard output.</summary>
    public static string Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var assembly = typeof(ProcessEntry).Assembly.Location;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

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

        return stdout.Result;
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
