using GenAi.MLNet.Core;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.ImageTranslation;

/// <summary>
/// The translator's training step: the pixel loss between G(x) and the target y; with a discriminator (pix2pix),
/// first a discriminator step on real pairs (x, y) and translated pairs (x, G(x)) with the logistic loss, then a
/// translator step on pixel loss + <see cref="ImageTranslationOptions.AdversarialWeight"/> · the non-saturating
/// adversarial loss −log D(x, G(x)).
/// </summary>
internal sealed class ImageTranslationTraining : ITrainableModel
{
    private readonly ImageTranslationNetwork _network;
    private readonly ImageTranslationOptions _options;
    private readonly Optimizer _translator;
    private readonly Optimizer? _discriminator;

    public ImageTranslationTraining(ImageTranslationNetwork network, ImageTranslationOptions options)
    {
        _network = network;
        _options = options;
        _translator = options.CreateOptimizer(network.TranslatorParameters(), options.LearningRate, "translator");
        _discriminator = network.HasDiscriminator ? options.CreateOptimizer(network.DiscriminatorParameters(), options.LearningRate, "discriminator") : null;
        LossNames = network.HasDiscriminator ? ["pixel", "adversarial", "discriminator"] : ["pixel"];
    }

    public nn.Module Module => _network;

    public IReadOnlyList<string> LossNames { get; }

    public IReadOnlyList<Optimizer> Optimizers => _discriminator is null ? [_translator] : [_translator, _discriminator];

    public float[] TrainStep(Batch batch, StepContext step)
    {
        if (step.StartsGroup)
        {
            _translator.ZeroGrad();
            _discriminator?.ZeroGrad();
        }

        var x = batch.Features(0);                                                               // (B, Ci·h·w)
        var y = batch.Features(1);                                                               // (B, Co·H·W)
        var translated = _network.call(x);                                                       // (B, Co·H·W)
        if (_discriminator is null)
        {
            var loss = PixelLoss(translated, y);
            step.Backward(loss);
            step.Step(_translator);
            return [loss.item<float>()];
        }

        // Discriminator: real pairs → 1, translated pairs (detached) → 0.
        var real = _network.Discriminate(x, y);                                                  // (B, P)
        var fake = _network.Discriminate(x, translated.detach());                                // (B, P)
        var dLoss = nn.functional.binary_cross_entropy_with_logits(real, ones_like(real))
                         .Plus(nn.functional.binary_cross_entropy_with_logits(fake, zeros_like(fake))).Times(0.5);
        step.Backward(dLoss);
        step.Step(_discriminator, 1);

        // Translator: pixel loss + weight · −log D(x, G(x)), with the discriminator frozen so its gradients stay its own.
        var pixel = PixelLoss(translated, y);
        SetDiscriminatorTrainable(false);
        Tensor adversarial;
        try
        {
            var judged = _network.Discriminate(x, translated);                                   // (B, P)
            adversarial = nn.functional.binary_cross_entropy_with_logits(judged, ones_like(judged));
            step.Backward(pixel.Plus(adversarial.Times(_options.AdversarialWeight)));
        }
        finally
        {
            SetDiscriminatorTrainable(true);
        }

        step.Step(_translator);
        return [pixel.item<float>(), adversarial.item<float>(), dLoss.item<float>()];
    }

    public float[] Evaluate(Batch batch)
    {
        var x = batch.Features(0);
        var y = batch.Features(1);
        var translated = _network.call(x);
        var pixel = PixelLoss(translated, y).item<float>();
        if (_discriminator is null)
        {
            return [pixel];
        }

        var real = _network.Discriminate(x, y);
        var fake = _network.Discriminate(x, translated);
        var adversarial = nn.functional.binary_cross_entropy_with_logits(fake, ones_like(fake)).item<float>();
        var dLoss = 0.5f * nn.functional.binary_cross_entropy_with_logits(real, ones_like(real)).Plus(nn.functional.binary_cross_entropy_with_logits(fake, zeros_like(fake))).item<float>();
        return [pixel, adversarial, dLoss];
    }

    public long[] PlannedSteps(long batchesPerEpoch, int epochs, int accumulationSteps)
    {
        var steps = (batchesPerEpoch + accumulationSteps - 1) / accumulationSteps * epochs;
        return Optimizers.Select(_ => steps).ToArray();
    }

    public void Dispose()
    {
        _translator.Dispose();
        _discriminator?.Dispose();
    }

    private void SetDiscriminatorTrainable(bool trainable)
    {
        foreach (var p in _network.DiscriminatorParameters())
        {
            p.requires_grad = trainable;
        }
    }

    private Tensor PixelLoss(Tensor translated, Tensor target)
        => _options.PixelLoss == ImageTranslation.PixelLoss.L1 ? (translated - target).abs().mean() : (translated - target).Squared().mean();
}
