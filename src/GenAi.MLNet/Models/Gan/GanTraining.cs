using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Gan;

/// <summary>
/// The GAN's training step: one discriminator (critic) step per batch on real rows and detached generated
/// rows, and a generator step every n_critic batches on fresh noise; snapshots from fixed noise after
/// chosen epochs.
/// </summary>
internal sealed class GanTraining : ITrainableModel
{
    private readonly GanPair _pair;
    private readonly GanOptions _options;
    private readonly torch.Generator _noise;
    private readonly Device _device;
    private readonly Optimizer _discriminatorOptimizer;
    private readonly Optimizer _generatorOptimizer;
    private readonly Tensor _snapshotNoise;
    private readonly Tensor? _snapshotLabels;
    private long _discriminatorSteps;
    private float _lastGeneratorLoss;

    public GanTraining(GanPair pair, GanOptions options, torch.Generator noise, Device device, int seed)
    {
        _pair = pair;
        _options = options;
        _noise = noise;
        _device = device;
        _discriminatorOptimizer = options.CreateOptimizer(pair.Discriminator.parameters(), options.DiscriminatorRate, "discriminator");
        _generatorOptimizer = options.CreateOptimizer(pair.Generator.parameters(), options.GeneratorRate, "generator");
        using var snapshotGenerator = TorchRandom.Generator(seed + 3);
        using var snapshotNoise = randn([options.SnapshotSize, pair.Spec.NoiseDimension], generator: snapshotGenerator);
        _snapshotNoise = snapshotNoise.to(device).DetachFromDisposeScope();
        _snapshotLabels = pair.Spec.Classes > 0
            ? (arange(options.SnapshotSize) % pair.Spec.Classes).to(device).DetachFromDisposeScope()
            : null;
    }

    public nn.Module Module => _pair;

    public IReadOnlyList<string> LossNames { get; } = ["d_loss", "g_loss", "d_real", "d_fake", "gradient_penalty"];

    public IReadOnlyList<Optimizer> Optimizers => [_discriminatorOptimizer, _generatorOptimizer];

    public long GeneratorSteps { get; private set; }

    public List<GanSnapshot> Snapshots { get; } = [];

    /// <summary>Two rows at least (batch normalisation's variance) and a whole pack.</summary>
    public int MinimumBatchRows => Math.Max(2, _options.Pack);

    public bool ShouldStop => _options.MaxGeneratorSteps is { } max && GeneratorSteps >= max;

    public float[] TrainStep(Batch batch, StepContext step)
    {
        var (generator, discriminator, loss) = (_pair.Generator, _pair.Discriminator, _options.Loss);
        var x = batch.Features(0);                                     // (B, D)
        var labels = _pair.Spec.Classes > 0 ? batch.Classes(1) : null; // (B) or null
        var rows = x.shape[0];

        // Discriminator (critic) step on real rows and detached generated rows.
        var fake = generator.Generate(Noise(rows), labels);           // (B, D)
        var (realLogits, realFeatures) = discriminator.Judge(x, labels);
        var (fakeLogits, _) = discriminator.Judge(fake.detach(), labels);
        var discriminatorLoss = GanLosses.Discriminator(loss, realLogits, fakeLogits, _options.RealLabel);
        var penalty = 0f;
        if (loss == GanLoss.WassersteinGp && _options.GradientPenaltyWeight > 0)
        {
            var gp = GanLosses.GradientPenalty(discriminator, x, fake, labels, _noise);
            discriminatorLoss = discriminatorLoss.Plus(gp.Times(_options.GradientPenaltyWeight));
            penalty = gp.item<float>();
        }

        _discriminatorOptimizer.ZeroGrad();
        step.Backward(discriminatorLoss);
        step.Step(_discriminatorOptimizer, 0);
        _discriminatorSteps++;

        // Generator step every n_critic discriminator steps, on fresh noise.
        if (_discriminatorSteps % _options.CriticSteps == 0)
        {
            var generated = generator.Generate(Noise(rows), labels);
            var (logits, features) = discriminator.Judge(generated, labels);
            var generatorLoss = _options.FeatureMatching
                ? GanLosses.FeatureMatching(realFeatures, features)
                : GanLosses.Generator(loss, logits);
            _generatorOptimizer.ZeroGrad();
            step.Backward(generatorLoss);
            step.Step(_generatorOptimizer, 1);
            _pair.UpdateEma(_options.GeneratorEma);
            GeneratorSteps++;
            _lastGeneratorLoss = generatorLoss.item<float>();
        }

        var crossEntropy = loss is GanLoss.Minimax or GanLoss.NonSaturating;
        using (no_grad())
        {
            var dReal = crossEntropy ? realLogits.sigmoid().mean() : realLogits.mean();
            var dFake = crossEntropy ? fakeLogits.sigmoid().mean() : fakeLogits.mean();
            return [discriminatorLoss.item<float>(), _lastGeneratorLoss, dReal.item<float>(), dFake.item<float>(), penalty];
        }
    }

    public float[] Evaluate(Batch batch) => throw new NotSupportedException("GANs have no validation loss.");

    public long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps)
    {
        var generatorSteps = batchesPerEpoch * epochs / _options.CriticSteps;
        if (_options.MaxGeneratorSteps is { } max)
        {
            generatorSteps = Math.Min(generatorSteps, max);
        }

        return [generatorSteps * _options.CriticSteps, generatorSteps];
    }

    public void OnEpochEnd(int epoch)
    {
        if (!_options.SnapshotEpochs.Contains(epoch))
        {
            return;
        }

        using var scope = NewDisposeScope();
        var samples = _pair.Sample(_snapshotNoise, _snapshotLabels);
        Snapshots.Add(new GanSnapshot(epoch, GeneratorSteps, TensorIO.ToRows(samples), _snapshotLabels?.data<long>().Select(l => (int)l).ToArray()));
    }

    public void SaveState(BinaryWriter writer)
    {
        writer.Write(_discriminatorSteps);
        writer.Write(GeneratorSteps);
        writer.Write(_lastGeneratorLoss);
        writer.Write(System.Text.Json.JsonSerializer.Serialize(Snapshots, Core.Persistence.ModelEntries.Json));
    }

    public void LoadState(BinaryReader reader)
    {
        _discriminatorSteps = reader.ReadInt64();
        GeneratorSteps = reader.ReadInt64();
        _lastGeneratorLoss = reader.ReadSingle();
        Snapshots.Clear();
        Snapshots.AddRange(System.Text.Json.JsonSerializer.Deserialize<List<GanSnapshot>>(reader.ReadString(), Core.Persistence.ModelEntries.Json) ?? []);
    }

    public void Dispose()
    {
        _generatorOptimizer.Dispose();
        _discriminatorOptimizer.Dispose();
        _snapshotNoise.Dispose();
        _snapshotLabels?.Dispose();
    }

    private Tensor Noise(long rows) => randn([rows, _pair.Spec.NoiseDimension], generator: _noise).to(_device);
}
