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
    Console.WriteLine("       gan-images [--gan-steps 3750] [--vae-epochs 20] [--fashion-train 20000] [--samples 1000]");
    Console.WriteLine("       gan-modes [--steps 10000 | --seconds S] [--configs a,b,...] [--best name] [--seeds 1,2,3] [--threads N] [--data ring,grid] [--merge]");
    Console.WriteLine("       diffusion-modes [--epochs 60 | --seconds S] [--seeds 1,2,3] [--threads 2] [--data ring,grid] [--samples 2500] [--sampling-steps 10,100,1000]");
    Console.WriteLine("       diffusion-images [--steps 1500,10000] [--filters 16] [--threads 2] [--samples 1000] [--sampling-steps 20,100] [--seed 1]");
    Console.WriteLine("       energy-modes [--epochs 6,16 | --seconds S] [--seeds 1,2,3] [--threads 2] [--data ring,grid] [--samples 2500] [--sampling-steps 200,1000]");
    Console.WriteLine("       pixelcnn [--epochs 10] [--vae-epochs 20] [--seeds 1] [--threads 2] [--filters 64] [--blocks 5] [--samples 36]");
    Console.WriteLine("       wavenet [--epochs 4] [--seed 1] [--threads 2] [--clip 512] [--rate 8000] [--generate-seconds 2]");
    Console.WriteLine("       comparisons [--seed 1] [--repeats 5] [--vae-epochs 20] [--flow-epochs 20] [--imbalance-seeds 3] [--generator-epochs 200] [--parts curves,spam,shuttle,imbalance]");
    Console.WriteLine("       molecules [--steps 4000] [--batch 32] [--per-bin 500] [--seed 1] [--temperature 1]");
    Console.WriteLine("       recommendation [--seeds 1,2,3] [--vae-epochs 100] [--rbm-epochs 50] [--threads 2]");
    Console.WriteLine("       threads [--dcgan-steps 30] [--lab-steps 300] [--threads 2] [--repeats 3]");
    Console.WriteLine("       fuzz [--files 1000] [--families vae,gan,...]");
    Console.WriteLine("       tokenizers [--sizes 1000,4000]");
    Console.WriteLine("       gpt [--iters 2000] [--seeds 1,2,3] [--threads 2] [--generate 200] [--reuse]");
    Console.WriteLine("       gpt-generation [--threads 2] [--generate 200]   (generation speed only: no cache, libtorch KV cache, managed KV cache)");
    Console.WriteLine("       finetune [--labels 50,100,500,all] [--seeds 1,2,3] [--pretrain-steps 1500] [--adapt-steps 600] [--test 1000] [--threads 2]");
    return 2;
}

double? Seconds() => Option("--seconds", "") is { Length: > 0 } seconds ? double.Parse(seconds, CultureInfo.InvariantCulture) : null;

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
    case "gan-modes":
        GanModesBenchmark.Run(root, new GanModesBenchmark.Settings(
            Steps: long.Parse(Option("--steps", "10000"), CultureInfo.InvariantCulture),
            Configurations: Option("--configs", string.Join(",", GenAi.MLNet.Courseware.MixtureLab.Configurations.Select(c => c.Name))).Split(','),
            Best: Option("--best", GenAi.MLNet.Courseware.MixtureLab.Best),
            Seeds: Option("--seeds", "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            Threads: int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture),
            Data: Option("--data", "ring,grid").Split(','),
            Merge: arguments.Contains("--merge"),
            Seconds: Seconds()));
        return 0;
    case "pixelcnn":
        PixelCnnBenchmark.Run(root, new PixelCnnBenchmark.Settings(
            Epochs: int.Parse(Option("--epochs", "10"), CultureInfo.InvariantCulture),
            VaeEpochs: int.Parse(Option("--vae-epochs", "20"), CultureInfo.InvariantCulture),
            Seeds: Option("--seeds", "1").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            Threads: int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture),
            Filters: int.Parse(Option("--filters", "64"), CultureInfo.InvariantCulture),
            Blocks: int.Parse(Option("--blocks", "5"), CultureInfo.InvariantCulture),
            Samples: int.Parse(Option("--samples", "36"), CultureInfo.InvariantCulture)));
        return 0;
    case "wavenet":
        WaveNetBenchmark.Run(root, new WaveNetBenchmark.Settings(
            Epochs: int.Parse(Option("--epochs", "4"), CultureInfo.InvariantCulture),
            Seed: int.Parse(Option("--seed", "1"), CultureInfo.InvariantCulture),
            Threads: int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture),
            Clip: int.Parse(Option("--clip", "512"), CultureInfo.InvariantCulture),
            SampleRate: int.Parse(Option("--rate", "8000"), CultureInfo.InvariantCulture),
            GenerateSeconds: int.Parse(Option("--generate-seconds", "2"), CultureInfo.InvariantCulture)));
        return 0;
    case "energy-modes":
        EnergyModesBenchmark.Run(root, new EnergyModesBenchmark.Settings(
            Epochs: Option("--epochs", "6,16").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            Seeds: Option("--seeds", "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            Threads: int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture),
            Data: Option("--data", "ring,grid").Split(','),
            Samples: int.Parse(Option("--samples", "2500"), CultureInfo.InvariantCulture),
            SamplingSteps: Option("--sampling-steps", "200,1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            Seconds: Seconds()));
        return 0;
    case "diffusion-modes":
        DiffusionModesBenchmark.Run(root, new DiffusionModesBenchmark.Settings(
            Epochs: int.Parse(Option("--epochs", "60"), CultureInfo.InvariantCulture),
            Seeds: Option("--seeds", "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            Threads: int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture),
            Data: Option("--data", "ring,grid").Split(','),
            Samples: int.Parse(Option("--samples", "2500"), CultureInfo.InvariantCulture),
            SamplingSteps: Option("--sampling-steps", "10,100,1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            Seconds: Seconds()));
        return 0;
    case "diffusion-images":
        DiffusionImagesBenchmark.Run(root, new DiffusionImagesBenchmark.Settings(
            Steps: Option("--steps", "1500,10000").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            Filters: int.Parse(Option("--filters", "16"), CultureInfo.InvariantCulture),
            Threads: int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture),
            Samples: int.Parse(Option("--samples", "1000"), CultureInfo.InvariantCulture),
            SamplingSteps: Option("--sampling-steps", "20,100").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            Seed: int.Parse(Option("--seed", "1"), CultureInfo.InvariantCulture)));
        return 0;
    case "gan-images":
        GanImagesBenchmark.Run(root, new GanImagesBenchmark.Settings(
            GanSteps: long.Parse(Option("--gan-steps", "3750"), CultureInfo.InvariantCulture),
            VaeEpochs: int.Parse(Option("--vae-epochs", "20"), CultureInfo.InvariantCulture),
            FashionTrain: int.Parse(Option("--fashion-train", "20000"), CultureInfo.InvariantCulture),
            Threads: int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture),
            Samples: int.Parse(Option("--samples", "1000"), CultureInfo.InvariantCulture)));
        return 0;
    case "threads":
        ThreadsBenchmark.Run(root, new ThreadsBenchmark.Settings(
            DcganSteps: int.Parse(Option("--dcgan-steps", "30"), CultureInfo.InvariantCulture),
            LabSteps: int.Parse(Option("--lab-steps", "300"), CultureInfo.InvariantCulture),
            Threads: int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture),
            Repeats: int.Parse(Option("--repeats", "3"), CultureInfo.InvariantCulture)));
        return 0;
    case "fuzz":
        FuzzBenchmark.Run(root, new FuzzBenchmark.Settings(
            Files: int.Parse(Option("--files", "1000"), CultureInfo.InvariantCulture),
            Families: Option("--families", string.Join(",", FuzzBenchmark.Families.Keys)).Split(','),
            TimeoutSeconds: double.Parse(Option("--timeout", "20"), CultureInfo.InvariantCulture)));
        return 0;
    case "tokenizers":
        TokenizersBenchmark.Run(root, new TokenizersBenchmark.Settings(
            Option("--sizes", "1000,4000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()));
        return 0;
    case "gpt":
        GptBenchmark.Run(root, new GptBenchmark.Settings(
            Iterations: int.Parse(Option("--iters", "2000"), CultureInfo.InvariantCulture),
            Seeds: Option("--seeds", "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            Threads: int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture),
            Generate: int.Parse(Option("--generate", "200"), CultureInfo.InvariantCulture),
            Reuse: arguments.Contains("--reuse")));
        return 0;
    case "gpt-generation":
        GptBenchmark.RunGeneration(root, new GptBenchmark.Settings(
            Iterations: 1, Seeds: [1], Threads: int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture),
            Generate: int.Parse(Option("--generate", "200"), CultureInfo.InvariantCulture)));
        return 0;
    case "finetune":
        FineTuneBenchmark.Execute(root, new FineTuneBenchmark.Settings(
            Labels: Option("--labels", "50,100,500,all").Split(','),
            Seeds: Option("--seeds", "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            PretrainSteps: int.Parse(Option("--pretrain-steps", "1500"), CultureInfo.InvariantCulture),
            AdaptSteps: int.Parse(Option("--adapt-steps", "600"), CultureInfo.InvariantCulture),
            TestSize: int.Parse(Option("--test", "1000"), CultureInfo.InvariantCulture),
            Threads: int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture)));
        return 0;
    case "gpt-run":
        GptBenchmark.RunChild(root, arguments[1], int.Parse(arguments[2], CultureInfo.InvariantCulture), int.Parse(arguments[3], CultureInfo.InvariantCulture),
            int.Parse(arguments[4], CultureInfo.InvariantCulture), int.Parse(arguments[5], CultureInfo.InvariantCulture), int.Parse(arguments[6], CultureInfo.InvariantCulture), arguments[7]);
        return 0;
    case "fuzz-load":
        FuzzBenchmark.RunChild(arguments[1], int.Parse(arguments[2], CultureInfo.InvariantCulture));
        return 0;
    case "threads-run":
        ThreadsBenchmark.RunChild(arguments[1], int.Parse(arguments[2], CultureInfo.InvariantCulture), int.Parse(arguments[3], CultureInfo.InvariantCulture));
        return 0;
    case "threads-spin":
        ThreadsBenchmark.Spin();
        return 0;
    case "molecules":
        MoleculesBenchmark.Run(root, new MoleculesBenchmark.Settings(
            Steps: int.Parse(Option("--steps", "4000"), CultureInfo.InvariantCulture),
            BatchSize: int.Parse(Option("--batch", "32"), CultureInfo.InvariantCulture),
            PerBin: int.Parse(Option("--per-bin", "500"), CultureInfo.InvariantCulture),
            Seed: int.Parse(Option("--seed", "1"), CultureInfo.InvariantCulture),
            Temperature: double.Parse(Option("--temperature", "1"), CultureInfo.InvariantCulture)));
        return 0;
    case "recommendation":
        RecommendationBenchmark.Run(root, new RecommendationBenchmark.Settings(
            Seeds: Option("--seeds", "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            VaeEpochs: int.Parse(Option("--vae-epochs", "100"), CultureInfo.InvariantCulture),
            RbmEpochs: int.Parse(Option("--rbm-epochs", "50"), CultureInfo.InvariantCulture),
            Threads: int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture)));
        return 0;
    case "comparisons":
        ComparisonsBenchmark.Run(root, new ComparisonsBenchmark.Settings(
            Seed: int.Parse(Option("--seed", "1"), CultureInfo.InvariantCulture),
            Repeats: int.Parse(Option("--repeats", "5"), CultureInfo.InvariantCulture),
            VaeEpochs: int.Parse(Option("--vae-epochs", "20"), CultureInfo.InvariantCulture),
            FlowEpochs: int.Parse(Option("--flow-epochs", "20"), CultureInfo.InvariantCulture),
            ImbalanceSeeds: int.Parse(Option("--imbalance-seeds", "3"), CultureInfo.InvariantCulture),
            GeneratorEpochs: int.Parse(Option("--generator-epochs", "200"), CultureInfo.InvariantCulture),
            Parts: Option("--parts", "curves,spam,shuttle,imbalance").Split(',')));
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
