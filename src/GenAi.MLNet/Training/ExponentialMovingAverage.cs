using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training;

/// <summary>
/// An exponential moving average of a module's weights, kept in a second module of the same architecture:
/// theta_avg = decay * theta_avg + (1 - decay) * theta after every update; buffers (e.g. batch-norm
/// statistics) are copied. Sampling from the average is steadier than from the last weights (Yazici et al.,
/// "The Unusual Effectiveness of Averaging in GAN Training", ICLR 2019; DDPM keeps one too).
/// </summary>
public static class ExponentialMovingAverage
{
    /// <summary>Makes <paramref name="average"/> a copy of <paramref name="source"/> that takes no gradients.</summary>
    public static void Initialize(nn.Module average, nn.Module source)
    {
        ArgumentNullException.ThrowIfNull(average);
        ArgumentNullException.ThrowIfNull(source);
        using var noGrad = no_grad();
        average.load_state_dict(source.state_dict());
        foreach (var p in average.parameters())
        {
            p.requires_grad = false;
        }
    }

    /// <summary>One update of <paramref name="average"/> towards <paramref name="source"/>.</summary>
    public static void Update(nn.Module average, nn.Module source, double decay)
    {
        ArgumentNullException.ThrowIfNull(average);
        ArgumentNullException.ThrowIfNull(source);
        if (!(decay >= 0 && decay < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "decay must lie in [0, 1).");
        }

        using var noGrad = no_grad();
        using var weight = (1 - decay).ToScalar();
        using var keep = decay.ToScalar();
        foreach (var (a, p) in average.parameters().Zip(source.parameters()))
        {
            a.mul_(keep).add_(p, weight);
        }

        foreach (var (a, b) in average.buffers().Zip(source.buffers()))
        {
            a.copy_(b);
        }
    }
}
