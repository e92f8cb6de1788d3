using System.Collections.Generic;
using System.IO;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Energy;

/// <summary>
/// The energy-based model's training step (Du and Mordatch 2019): negatives are drawn from a replay buffer of
/// past samples (a share re-started from uniform noise), moved by short-run Langevin dynamics and written
/// back; the loss is the contrastive divergence mean E(x⁺) − mean E(x⁻), whose gradient is the maximum-likelihood
/// gradient when x⁻ follows the model, plus α (E(x⁺)² + E(x⁻)²) to keep the energies near zero. Reported: the
/// loss and the energy gap mean E(x⁻) − mean E(x⁺), which stays small and positive while sampler and model agree.
/// </summary>
internal sealed class EnergyTraining : ITrainableModel
{
    private readonly EnergyNetwork _network;
    private readonly EnergyOptions _options;
    private readonly Optimizer _optimizer;
    private readonly Generator _generator;
    private Tensor? _buffer;   // (ReplayBufferSize, D): past negatives, standardised

    public EnergyTraining(EnergyNetwork network, EnergyOptions options, Generator generator)
    {
        _network = network;
        _options = options;
        _generator = generator;
        _optimizer = options.CreateOptimizer(network.parameters(), options.LearningRate, "model");
    }

    public nn.Module Module => _network;

    public IReadOnlyList<string> LossNames { get; } = ["contrastive", "energy gap"];

    public IReadOnlyList<Optimizer> Optimizers => [_optimizer];

    public float[] TrainStep(Batch batch, StepContext step)
    {
        if (step.StartsGroup)
        {
            _optimizer.ZeroGrad();
        }

        var positive = _network.Standardize(batch.Features());                                    // (B, D)
        var rows = positive.shape[0];
        var buffer = Buffer(positive.device);
        var index = randint(0, buffer.shape[0], [rows], dtype: ScalarType.Int64, generator: _generator).to(positive.device);   // (B)
        var start = buffer.index_select(0, index);                                                // (B, D)
        var restart = rand([rows, 1], generator: _generator).to(positive.device).LessThan(_options.ReinitializationRate);
        start = where(restart, EnergyNetwork.Uniform(rows, _network.Dimension, _options.SampleBound, _generator, positive.device), start);
        var negative = _network.Langevin(start, _options.LangevinSteps, _options.LangevinStepSize, _options.LangevinNoise, _options.SampleBound, _generator);
        using (no_grad())
        {
            buffer.index_copy_(0, index, negative);
        }

        var ePositive = _network.StandardEnergy(positive);                                        // (B)
        var eNegative = _network.StandardEnergy(negative);                                        // (B)
        var loss = (ePositive.mean() - eNegative.mean()).Plus(ePositive.Squared().mean().Plus(eNegative.Squared().mean()).Times(_options.EnergyRegularization));
        step.Backward(loss);
        step.Step(_optimizer);
        return [loss.item<float>(), (eNegative.mean() - ePositive.mean()).item<float>()];
    }

    // Validation: the mean energy of held-out rows against fresh short-run samples from the buffer would drift with
    // the buffer; the regularised loss on the rows against the buffer's current first rows is reported instead.
    public float[] Evaluate(Batch batch)
    {
        var positive = _network.Standardize(batch.Features());
        var rows = (int)System.Math.Min(positive.shape[0], _options.ReplayBufferSize);
        var negative = Buffer(positive.device)[..rows];
        var ePositive = _network.StandardEnergy(positive);
        var eNegative = _network.StandardEnergy(negative);
        var loss = (ePositive.mean() - eNegative.mean()).Plus(ePositive.Squared().mean().Plus(eNegative.Squared().mean()).Times(_options.EnergyRegularization));
        return [loss.item<float>(), (eNegative.mean() - ePositive.mean()).item<float>()];
    }

    public long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps)
        => [(batchesPerEpoch + accumulationSteps - 1) / accumulationSteps * epochs];

    public void SaveState(BinaryWriter writer) => TensorIO.WriteOptional(writer, _buffer);

    public void LoadState(BinaryReader reader)
    {
        _buffer?.Dispose();
        _buffer = TensorIO.ReadOptional(reader, [_options.ReplayBufferSize, _network.Dimension], _network.parameters().First().device, "replay buffer");
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _buffer?.Dispose();
    }

    /// <summary>The replay buffer, filled with uniform noise on the first step.</summary>
    private Tensor Buffer(Device device)
        => _buffer ??= EnergyNetwork.Uniform(_options.ReplayBufferSize, _network.Dimension, _options.SampleBound, _generator, device).DetachFromDisposeScope();
}
