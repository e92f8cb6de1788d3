using System;
using System.Collections.Generic;
using GenAi.MLNet.Core;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>
/// The autoencoder's and VAE's training step: loss = mean over rows of (-log p(x|z) + beta * KL), z drawn
/// with the reparameterisation trick from the run's private generator.
/// </summary>
internal sealed class AutoencoderTraining : ITrainableModel
{
    private readonly AutoencoderNetwork _network;
    private readonly Optimizer _optimizer;
    private readonly double _beta;

    public AutoencoderTraining(AutoencoderNetwork network, AutoencoderOptions options, torch.Generator generator)
    {
        _network = network;
        _network.NoiseGenerator = generator;
        _beta = options is VaeOptions vae ? vae.Beta : 0;
        _optimizer = options.CreateOptimizer(network.parameters(), options.LearningRate, "model");
        LossNames = options.IsVariational ? ["loss", "reconstruction", "kl"] : ["loss"];
    }

    public nn.Module Module => _network;

    public IReadOnlyList<string> LossNames { get; }

    public IReadOnlyList<Optimizer> Optimizers => [_optimizer];

    public float[] TrainStep(Batch batch, StepContext step)
    {
        if (step.StartsGroup)
        {
            _optimizer.ZeroGrad();
        }

        var (loss, nll, kl) = Loss(batch.Features());
        step.Backward(loss);
        step.Step(_optimizer);
        return Values(loss, nll, kl);
    }

    public float[] Evaluate(Batch batch)
    {
        var (loss, nll, kl) = Loss(batch.Features());
        return Values(loss, nll, kl);
    }

    public long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps)
        => [(batchesPerEpoch + accumulationSteps - 1) / accumulationSteps * epochs];

    public void Dispose()
    {
        _optimizer.Dispose();
        _network.NoiseGenerator = null;
    }

    private (Tensor Loss, Tensor Nll, Tensor? Kl) Loss(Tensor x)
    {
        var (output, mu, logVar) = _network.call(x);                 // (B, D), (B, L), (B, L)
        var nll = _network.ReconstructionNll(output, x).mean();     // scalar: nats per row
        if (!_network.IsVariational)
        {
            return (nll, nll, null);
        }

        var kl = AutoencoderNetwork.KlDivergence(mu, logVar).mean(); // scalar
        return (nll.Plus(kl.Times(_beta)), nll, kl);
    }

    private static float[] Values(Tensor loss, Tensor nll, Tensor? kl)
        => kl is null ? [loss.item<float>()] : [loss.item<float>(), nll.item<float>(), kl.item<float>()];
}
