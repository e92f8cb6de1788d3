using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Autoencoders;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Benchmarks;

/// <summary>
/// The MLP VAE 784-400-20 of pytorch/examples (BCE + KL, Adam 1e-3, batch 128) on MNIST-10k, first 8,000
/// images to train and last 2,000 to test, in GenAi.MLNet and in PyTorch (benchmarks/pytorch/vae_mnist.py)
/// with the same seeds, epochs and thread count. Also times the fitted transformer's Transform against a
/// raw batched TorchSharp forward pass computing the same columns.
/// </summary>
internal static class VaeBenchmark
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string[] Columns = ["Latent", "Reconstruction", "ReconstructionError", "AnomalyScore", "NegativeElbo", "Kl"];

    public sealed record Settings(int Epochs, int[] Seeds, int Threads);

    private sealed record RunResult(int Seed, double UntrainedElbo, double TestElbo, double[] EpochSeconds, double[] TrainLoss)
    {
        public double MeanEpochSeconds => EpochSeconds.Length > 1 ? EpochSeconds.Skip(1).Average() : EpochSeconds[0];
    }

    public static void Run(string root, Settings settings)
    {
        var mnist = ImageDatasets.Mnist(Path.Combine(root, "data"));
        var train = mnist.Select(Enumerable.Range(0, 8000).ToArray(), "MNIST-10k train (first 8,000)");
        var test = mnist.Select(Enumerable.Range(8000, 2000).ToArray(), "MNIST-10k test (last 2,000)");
        var ours = new List<RunResult>();
        var oursNoShim = new List<RunResult>();
        var theirs = new List<RunResult>();
        var shim = Core.Native.MklVendorShim.Loaded;
        VaeTransformer? model = null;
        foreach (var seed in settings.Seeds)
        {
            Console.WriteLine($"seed {seed}: GenAi.MLNet ...");
            var (run, fitted) = RunOurs(train, test, settings, seed);
            ours.Add(run);
            model ??= fitted;
            Console.WriteLine($"  test -ELBO {run.TestElbo:F2} nats, {run.MeanEpochSeconds:F3} s/epoch");
            if (shim)
            {
                Console.WriteLine($"seed {seed}: GenAi.MLNet with the MKL vendor shim off ...");
                oursNoShim.Add(RunChild(root, settings, seed));
                Console.WriteLine($"  test -ELBO {oursNoShim[^1].TestElbo:F2} nats, {oursNoShim[^1].MeanEpochSeconds:F3} s/epoch");
            }

            Console.WriteLine($"seed {seed}: PyTorch ...");
            var torchRun = RunPyTorch(root, settings, seed);
            theirs.Add(torchRun);
            Console.WriteLine($"  test -ELBO {torchRun.TestElbo:F2} nats, {torchRun.MeanEpochSeconds:F3} s/epoch");
        }

        Console.WriteLine("Transform throughput ...");
        var (transformSeconds, rawSeconds) = TimeTransform(model!, test, repetitions: 9);
        var gemm = (Ours: MatmulGflops(), OursNoShim: shim ? ChildMatmul(root) : (double?)null, PyTorch: PyTorchMatmul(root, settings.Threads));
        var report = Report(settings, train.Count, test.Count, ours, oursNoShim, theirs, transformSeconds, rawSeconds, PyTorchInfo, gemm);
        var results = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "vae-mnist.md"), report.Markdown);
        File.WriteAllText(Path.Combine(results, "vae-mnist.json"), report.Json);
        Console.WriteLine(report.Markdown);
    }

    private static JsonNode? PyTorchInfo { get; set; }

    /// <summary>Our side alone, written to JSON (the parent runs this in a child process with the shim off).</summary>
    public static void RunOursOnly(string root, int epochs, int seed, int threads, string json)
    {
        var mnist = ImageDatasets.Mnist(Path.Combine(root, "data"));
        var train = mnist.Select(Enumerable.Range(0, 8000).ToArray());
        var test = mnist.Select(Enumerable.Range(8000, 2000).ToArray());
        var (run, model) = RunOurs(train, test, new Settings(epochs, [seed], threads), seed);
        model.Dispose();
        File.WriteAllText(json, JsonSerializer.Serialize(new { run, gflops = MatmulGflops(), shim = Core.Native.MklVendorShim.Loaded }));
    }

    private static RunResult RunChild(string root, Settings settings, int seed)
    {
        var json = Path.Combine(Path.GetTempPath(), $"vae-ours-noshim-{seed}.json");
        Processes.RunWithEnvironment(Core.Native.MklVendorShim.Variable, "0", "dotnet", typeof(VaeBenchmark).Assembly.Location, "vae-ours",
            "--epochs", settings.Epochs.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--threads", settings.Threads.ToString(CultureInfo.InvariantCulture), "--json", json);
        var node = JsonNode.Parse(File.ReadAllText(json))!;
        s_childGflops = (double)node["gflops"]!;
        return node["run"].Deserialize<RunResult>()!;
    }

    private static double? s_childGflops;

    private static double ChildMatmul(string root) => s_childGflops ?? double.NaN;

    private static double PyTorchMatmul(string root, int threads)
    {
        var dir = Path.Combine(root, "benchmarks", "pytorch");
        var output = Processes.Run(Path.Combine(dir, "run.sh"), Path.Combine(dir, "matmul.py"), threads.ToString(CultureInfo.InvariantCulture));
        return (double)JsonNode.Parse(output)!["gflops"]!;
    }

    /// <summary>sgemm (128 x 784) @ (784 x 400) in TorchSharp, GFLOP/s (median of 7 runs of 500).</summary>
    private static double MatmulGflops()
    {
        using var a = rand(128, 784);
        using var b = rand(784, 400);
        for (var i = 0; i < 100; i++)
        {
            using var scope = NewDisposeScope();
            a.matmul(b);
        }

        var times = new List<double>();
        for (var r = 0; r < 7; r++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 500; i++)
            {
                using var scope = NewDisposeScope();
                a.matmul(b);
            }

            times.Add(watch.Elapsed.TotalSeconds / 500);
        }

        return 2.0 * 128 * 784 * 400 / Median(times) / 1e9;
    }

    private static (RunResult Run, VaeTransformer Model) RunOurs(ImageDataset train, ImageDataset test, Settings settings, int seed)
    {
        var ml = new MLContext(seed);
        VaeOptions Options(int epochs, double learningRate) => new()
        {
            LatentDimension = 20, HiddenSizes = [400], Epochs = epochs, BatchSize = 128, LearningRate = learningRate,
            Seed = seed, NumberOfThreads = settings.Threads,
        };

        // The untrained reference: one step at a vanishing learning rate leaves the initial weights.
        using var untrained = ml.Generative().Vae(Options(1, 1e-12)).Fit(train.ToDataView());
        var untrainedElbo = untrained.Transform(test.ToDataView()).GetColumn<float>("NegativeElbo").Average();
        var model = ml.Generative().Vae(Options(settings.Epochs, 1e-3)).Fit(train.ToDataView());
        var testElbo = model.Transform(test.ToDataView()).GetColumn<float>("NegativeElbo").Average();
        var history = model.History;
        return (new RunResult(seed, untrainedElbo, testElbo, history.Epochs.Select(e => e.Seconds).ToArray(), history.Epochs.Select(e => e.TrainLoss).ToArray()), model);
    }

    private static RunResult RunPyTorch(string root, Settings settings, int seed)
    {
        var dir = Path.Combine(root, "benchmarks", "pytorch");
        Processes.Run(Path.Combine(dir, "setup.sh"));
        var json = Path.Combine(Path.GetTempPath(), $"vae-pytorch-{seed}.json");
        Processes.Run(Path.Combine(dir, "run.sh"), Path.Combine(dir, "vae_mnist.py"), "--epochs", settings.Epochs.ToString(CultureInfo.InvariantCulture),
            "--seed", seed.ToString(CultureInfo.InvariantCulture), "--threads", settings.Threads.ToString(CultureInfo.InvariantCulture), "--json", json);
        var node = JsonNode.Parse(File.ReadAllText(json))!;
        PyTorchInfo ??= node;
        var epochs = node["per_epoch"]!.AsArray();
        return new RunResult(seed, (double)node["untrained_test_neg_elbo"]!, (double)node["final_test_neg_elbo"]!,
            epochs.Select(e => (double)e!["seconds"]!).ToArray(), epochs.Select(e => (double)e!["train_loss"]!).ToArray());
    }

    /// <summary>Median seconds to produce every output column for the test rows: through Transform, and raw.</summary>
    private static (double Transform, double Raw) TimeTransform(VaeTransformer model, ImageDataset test, int repetitions)
    {
        var view = test.ToDataView();
        var pixels = test.Images().SelectMany(i => i).ToArray();
        var noise = randn([8, 20], generator: new torch.Generator(3));
        var transformTimes = new List<double>();
        var rawTimes = new List<double>();
        ReadAll(model.Transform(view));
        Raw(model.Network, pixels, test.Count, noise);
        for (var r = 0; r < repetitions; r++)
        {
            var watch = Stopwatch.StartNew();
            ReadAll(model.Transform(view));
            transformTimes.Add(watch.Elapsed.TotalSeconds);
            watch.Restart();
            Raw(model.Network, pixels, test.Count, noise);
            rawTimes.Add(watch.Elapsed.TotalSeconds);
        }

        return (Median(transformTimes), Median(rawTimes));
    }

    private static void ReadAll(IDataView data)
    {
        var columns = Columns.Select(c => data.Schema[c]).ToArray();
        using var cursor = data.GetRowCursor(columns);
        var vectorGetters = columns.Where(c => c.Type is VectorDataViewType).Select(c => cursor.GetGetter<VBuffer<float>>(c)).ToArray();
        var scalarGetters = columns.Where(c => c.Type is not VectorDataViewType).Select(c => cursor.GetGetter<float>(c)).ToArray();
        VBuffer<float> vector = default;
        float scalar = 0;
        while (cursor.MoveNext())
        {
            foreach (var g in vectorGetters)
            {
                g(ref vector);
            }

            foreach (var g in scalarGetters)
            {
                g(ref scalar);
            }
        }
    }

    /// <summary>The same outputs computed directly: batches of 256, encode, decode the mean, NLL, KL, 8-sample ELBO.</summary>
    private static void Raw(AutoencoderNetwork network, float[] pixels, int rows, Tensor noise)
    {
        const int batch = 256;
        var latent = new float[rows * 20];
        var reconstruction = new float[rows * 784];
        var nll = new float[rows];
        var elbo = new float[rows];
        var kl = new float[rows];
        using var noGrad = no_grad();
        for (var start = 0; start < rows; start += batch)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batch, rows - start);
            var x = torch.empty([count, 784]);
            x.data<float>().CopyFrom(pixels.AsSpan(start * 784, count * 784), 0, 0);
            var (mu, logVar) = network.Encode(x);
            var output = network.Decode(mu);
            var klRow = AutoencoderNetwork.KlDivergence(mu, logVar);
            var z = mu.unsqueeze(0) + ((0.5 * logVar).exp().unsqueeze(0) * noise.unsqueeze(1));
            var nllK = network.ReconstructionNll(network.Decode(z.reshape(8 * count, 20)), x.unsqueeze(0).expand(8, -1, -1).reshape(8 * count, 784));
            var elboRow = nllK.view(8, count).mean([0]) + klRow;
            mu.data<float>().CopyTo(latent.AsSpan(start * 20, count * 20), 0, 0);
            network.ToData(output).data<float>().CopyTo(reconstruction.AsSpan(start * 784, count * 784), 0, 0);
            network.ReconstructionNll(output, x).data<float>().CopyTo(nll.AsSpan(start, count), 0, 0);
            elboRow.data<float>().CopyTo(elbo.AsSpan(start, count), 0, 0);
            klRow.data<float>().CopyTo(kl.AsSpan(start, count), 0, 0);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static (double Mean, double Sd) Stats(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var mean = v.Average();
        return (mean, v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0);
    }

    private static (string Markdown, string Json) Report(Settings settings, int trainRows, int testRows, List<RunResult> ours, List<RunResult> oursNoShim,
        List<RunResult> theirs, double transformSeconds, double rawSeconds, JsonNode? torchInfo, (double Ours, double? OursNoShim, double PyTorch) gemm)
    {
        var c = CultureInfo.InvariantCulture;
        var (ourElbo, ourSd) = Stats(ours.Select(r => r.TestElbo));
        var (theirElbo, theirSd) = Stats(theirs.Select(r => r.TestElbo));
        var ourEpoch = Median(ours.Select(r => r.MeanEpochSeconds).ToList());
        var theirEpoch = Median(theirs.Select(r => r.MeanEpochSeconds).ToList());
        var elboGap = (ourElbo - theirElbo) / theirElbo;
        var speedRatio = ourEpoch / theirEpoch;
        var transformRatio = transformSeconds / rawSeconds;
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "unknown CPU";
        var md = new StringBuilder();
        md.AppendLine(c, $"MLP VAE 784-400-20 (pytorch/examples), BCE + KL, Adam 1e-3, batch 128, {settings.Epochs} epochs; MNIST-10k, first {trainRows:N0} images train, last {testRows:N0} test; seeds {string.Join(", ", settings.Seeds)}; {settings.Threads} threads each; {cpu}, {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd}.");
        md.AppendLine();
        md.AppendLine("| | GenAi.MLNet (TorchSharp 0.107, libtorch 2.10) | PyTorch " + (torchInfo?["torch_version"]?.ToString() ?? "?") + " (" + (torchInfo?["blas"]?.ToString() ?? "?") + ") | ratio or gap |");
        md.AppendLine("|---|---|---|---|");
        md.AppendLine(c, $"| test −ELBO, nats per image (mean ± sd over seeds) | {ourElbo:F2} ± {ourSd:F2} | {theirElbo:F2} ± {theirSd:F2} | {elboGap:+0.00%;-0.00%} (target within ±2 %) |");
        md.AppendLine(c, $"| untrained test −ELBO | {ours.Average(r => r.UntrainedElbo):F1} | {theirs.Average(r => r.UntrainedElbo):F1} | |");
        md.AppendLine(c, $"| training seconds per epoch (median over seeds; epoch 1 excluded) | {ourEpoch:F3} | {theirEpoch:F3} | {speedRatio:F2}x (target ≤ 1.0) |");
        if (oursNoShim.Count > 0)
        {
            var noShimEpoch = Median(oursNoShim.Select(r => r.MeanEpochSeconds).ToList());
            md.AppendLine(c, $"| the same with the MKL vendor shim off (`{Core.Native.MklVendorShim.Variable}=0`) | {noShimEpoch:F3} | | {noShimEpoch / theirEpoch:F2}x |");
        }

        var shimNote = gemm.OursNoShim is { } g ? string.Create(c, $" ({g:F0} with the shim off)") : "";
        md.AppendLine(string.Create(c, $"| sgemm (128×784)·(784×400), GFLOP/s | {gemm.Ours:F0}{shimNote} | {gemm.PyTorch:F0} | |"));
        md.AppendLine();
        md.AppendLine(c, $"Transform throughput on the {testRows:N0} test rows, six output columns (Latent, Reconstruction, ReconstructionError, AnomalyScore, NegativeElbo with 8 samples, Kl), median of 9: " +
                      $"Transform {transformSeconds * 1000:F1} ms ({testRows / transformSeconds:N0} rows/s) vs a raw batched TorchSharp forward pass {rawSeconds * 1000:F1} ms ({testRows / rawSeconds:N0} rows/s): **{transformRatio:F2}x** the raw time (target ≤ 1.15).");
        md.AppendLine();
        md.AppendLine("Per seed (test −ELBO; s/epoch): " + string.Join("; ", ours.Zip(theirs).Select(p => $"seed {p.First.Seed}: ours {p.First.TestElbo:F2}, {p.First.MeanEpochSeconds:F3} s; PyTorch {p.Second.TestElbo:F2}, {p.Second.MeanEpochSeconds:F3} s")) + ".");
        var json = JsonSerializer.Serialize(new
        {
            settings,
            cpu,
            ours,
            oursMklVendorShimOff = oursNoShim,
            pytorch = theirs,
            gemm = new { gemm.Ours, gemm.OursNoShim, gemm.PyTorch },
            summary = new { ourElbo, ourSd, theirElbo, theirSd, elboGap, ourEpoch, theirEpoch, speedRatio, transformSeconds, rawSeconds, transformRatio },
            pytorchInfo = torchInfo?["blas"]?.ToString(),
        }, Indented);
        return (md.ToString(), json);
    }
}
