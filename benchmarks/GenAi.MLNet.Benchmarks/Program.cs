// Benchmarks of GenAi.MLNet against PyTorch, measured in one run on one machine.
//
//   dotnet run -c Release --project benchmarks/GenAi.MLNet.Benchmarks -- vae [--epochs 20] [--seeds 1,2,3] [--threads 2]
//
// Writes benchmarks/results/<name>.json and .md; the README quotes the .md.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GenAi.MLNet.Benchmarks;

var arguments = args.ToList();
if (arguments.Count == 0 || arguments[0] is "-h" or "--help")
{
    Console.WriteLine("usage: vae [--epochs N] [--seeds 1,2,3] [--threads N]");
    return 2;
}

string Option(string name, string fallback)
{
    var i = arguments.IndexOf(name);
    return i >= 0 && i + 1 < arguments.Count ? arguments[i + 1] : fallback;
}

var root = Paths.RepoRoot();
switch (arguments[0])
{
    case "vae-ours":
        // A child run of our side only (used to measure with the MKL vendor shim switched off).
        VaeBenchmark.RunOursOnly(root, int.Parse(Option("--epochs", "20"), CultureInfo.InvariantCulture),
            int.Parse(Option("--seed", "1"), CultureInfo.InvariantCulture), int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture), Option("--json", "ours.json"));
        return 0;
    case "vae":
        var settings = new VaeBenchmark.Settings(
            Epochs: int.Parse(Option("--epochs", "20"), CultureInfo.InvariantCulture),
            Seeds: Option("--seeds", "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            Threads: int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture));
        VaeBenchmark.Run(root, settings);
        return 0;
    default:
        Console.Error.WriteLine($"unknown benchmark '{arguments[0]}'");
        return 2;
}
