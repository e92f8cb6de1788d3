using GenAi.MLNet.Core;
using System.Collections.Generic;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Diffusion;

/// <summary>
/// The diffusion model's training step (Ho et al. 2020, Algorithm 1): a step t uniform in [0, T), noise ε ~ N(0, I),
/// loss = mean ‖ε_θ(√ᾱ_t x_0 + √(1 − ᾱ_t) ε, t, y) − ε‖² per value; with classes, each row's class is replaced by
/// "no class" with probability <see cref="DiffusionOptions.ConditionDropout"/>.
/// </summary>
internal sealed class DiffusionTraining : ITrainableModel
{
    private readonly DiffusionNetwork _network;
    private readonly Optimizer _optimizer;
    private readonly Generator _generator;
    private readonly double _dropout;

    public DiffusionTraining(DiffusionNetwork network, DiffusionOptions options, Generator generator)
    {
        _network = network;
        _generator = generator;
        _dropout = options.ConditionDropout;
        _optimizer = options.CreateOptimizer(network.parameters(), options.LearningRate, "model");
    }

    public nn.Module Module => _network;

    public IReadOnlyList<string> LossNames { get; } = ["denoising"];

    public IReadOnlyList<Optimizer> Optimizers => [_optimizer];

    public float[] TrainStep(Batch batch, StepContext step)
    {
        if (step.StartsGroup)
        {
            _optimizer.ZeroGrad();
        }

        var x = batch.Features();                                                                 // (B, D)
        var rows = x.shape[0];
        var t = randint(0, _network.Timesteps, [rows], dtype: ScalarType.Int64, generator: _generator).to(x.device);   // (B)
        var noise = randn(x.shape, generator: _generator).to(x.device);                           // (B, D)
        var y = Classes(batch, rows, x.device);
        if (_network.Classes > 0 && _dropout > 0)
        {
            var drop = rand([rows], generator: _generator).to(x.device).LessThan(_dropout);              // (B)
            y = where(drop, TorchScalars.Filled(rows, _network.Classes, x.device), y);
        }

        var loss = _network.Loss(x, t, noise, y).mean();
        step.Backward(loss);
        step.Step(_optimizer);
        return [loss.item<float>()];
    }

    public float[] Evaluate(Batch batch)
    {
        // Fixed draws (a generator seeded per batch size), so validation losses compare across epochs.
        var x = batch.Features();
        var rows = x.shape[0];
        using var generator = new Generator(12345, x.device);
        var t = randint(0, _network.Timesteps, [rows], dtype: ScalarType.Int64, generator: generator).to(x.device);
        var noise = randn(x.shape, generator: generator).to(x.device);
        return [_network.Loss(x, t, noise, Classes(batch, rows, x.device)).mean().item<float>()];
    }

    public long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps)
        => [(batchesPerEpoch + accumulationSteps - 1) / accumulationSteps * epochs];

    public void Dispose() => _optimizer.Dispose();

    private Tensor Classes(Batch batch, long rows, Device device)
        => _network.Classes > 0 ? batch.Classes(1) : zeros(rows, dtype: ScalarType.Int64, device: device);
}
