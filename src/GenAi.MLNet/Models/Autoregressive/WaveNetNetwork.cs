using GenAi.MLNet.Core;
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>
/// WaveNet (van den Oord et al. 2016): audio as a sequence of μ-law classes, p(x) = Π_t p(x_t | x_&lt;t), each factor a
/// softmax over the classes. Stacks of dilated causal convolutions (kernel 2, dilations 1, 2, 4, …) see an
/// exponentially long past with few layers; each layer is gated, tanh(W_f * h) ⊙ σ(W_g * h), with a residual
/// connection to the next layer and a skip connection to the output.
/// </summary>
public sealed class WaveNetNetwork : Module<Tensor, Tensor>
{
    private readonly Embedding embedding;             // (B, T) → (B, T, R)
    private readonly ModuleList<WaveNetLayer> layers; // (B, R, T) → (B, R, T) and skips (B, S, T)
    private readonly Sequential output_head;          // (B, S, T) → (B, L, T)

    internal WaveNetNetwork(int levels, int residualChannels, int skipChannels, int[] dilations)
        : base(nameof(WaveNetNetwork))
    {
        Levels = levels;
        Dilations = dilations;
        embedding = Embedding(levels, residualChannels);
        layers = ModuleList(dilations.Select(d => new WaveNetLayer(residualChannels, skipChannels, d)).ToArray());
        output_head = Sequential(ReLU(), Conv1d(skipChannels, skipChannels, 1), ReLU(), Conv1d(skipChannels, levels, 1));
        RegisterComponents();
    }

    /// <summary>Classes per sample L (μ-law levels).</summary>
    public int Levels { get; }

    /// <summary>The dilation of each layer.</summary>
    public IReadOnlyList<int> Dilations { get; }

    /// <summary>Samples the prediction of one sample can see, including itself: 1 + Σ dilations.</summary>
    public int ReceptiveField => 1 + Dilations.Sum();

    /// <summary>Logits of the next class after every position: classes (B, T) int64 → (B, L, T), position t predicting x_{t+1}.</summary>
    public override Tensor forward(Tensor classes)
    {
        var h = embedding.call(classes).transpose(1, 2);                                         // (B, R, T)
        Tensor? skips = null;
        foreach (var layer in layers)
        {
            var (residual, skip) = layer.Forward(h);                                             // (B, R, T), (B, S, T)
            h = residual;
            skips = skips is null ? skip : skips.Plus(skip);
        }

        return output_head.call(skips!);                                                         // (B, L, T)
    }

    /// <summary>−log p of each clip's samples after its first, in nats: classes (B, T) → (B).</summary>
    internal Tensor NegativeLogLikelihood(Tensor classes)
    {
        var t = classes.shape[1];
        var logits = call(classes.narrow(1, 0, t - 1));                                          // (B, L, T − 1)
        return functional.cross_entropy(logits, classes.narrow(1, 1, t - 1), reduction: Reduction.None).sum(1);   // (B)
    }

    /// <summary>
    /// Continues <paramref name="start"/> (N, T0) by <paramref name="length"/> classes, one pass per sample over the
    /// last receptive field. Returns (N, T0 + length) int64.
    /// </summary>
    internal Tensor Generate(Tensor start, int length, double temperature, Generator generator)
    {
        var sequence = start;
        for (var i = 0; i < length; i++)
        {
            using var scope = NewDisposeScope();
            var width = Math.Min(sequence.shape[1], ReceptiveField);
            var window = sequence.narrow(1, sequence.shape[1] - width, width);                   // (N, ≤ RF)
            var logits = call(window).select(2, -1).Over(temperature);                               // (N, L)
            var next = multinomial(logits.softmax(-1), 1, generator: generator);                 // (N, 1)
            sequence = cat([sequence, next], 1).MoveToOuterDisposeScope();
        }

        return sequence;
    }
}

/// <summary>One gated, dilated, causal layer with its residual and skip 1×1 convolutions.</summary>
internal sealed class WaveNetLayer : Module
{
    private readonly Conv1d dilated;    // (B, R, T + d) → (B, 2R, T): filter and gate
    private readonly Conv1d residual;   // (B, R, T) → (B, R, T)
    private readonly Conv1d skip;       // (B, R, T) → (B, S, T)
    private readonly int dilation;

    public WaveNetLayer(int channels, int skipChannels, int dilation)
        : base(nameof(WaveNetLayer))
    {
        this.dilation = dilation;
        dilated = Conv1d(channels, 2 * channels, 2, dilation: dilation);
        residual = Conv1d(channels, channels, 1);
        skip = Conv1d(channels, skipChannels, 1);
        RegisterComponents();
    }

    public (Tensor Residual, Tensor Skip) Forward(Tensor h)
    {
        var padded = functional.pad(h, [dilation, 0]);                                          // (B, R, T + d): causal, left padding only
        var gates = dilated.call(padded).chunk(2, 1);                                           // 2 × (B, R, T)
        var z = gates[0].tanh() * gates[1].sigmoid();                                           // (B, R, T)
        return (h.Plus(residual.call(z)), skip.call(z));
    }
}
