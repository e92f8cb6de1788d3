using GenAi.MLNet.Core;
using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.Diffusion;

/// <summary>
/// A denoising diffusion model (Ho, Jain and Abbeel 2020). The forward process adds Gaussian noise in T steps,
/// q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I) with ᾱ_t = Π_{s≤t} (1 − β_s); the network ε_θ(x_t, t, y) learns to
/// predict the noise that was added (the "simple" loss, a reweighted ELBO); sampling runs the process backwards
/// from pure noise, here with DDIM's update (Song, Meng and Ermon 2021), which can skip steps and with η = 1 and
/// every step is DDPM's ancestral sampler. With classes, one network also learns "no class" (a dropped label),
/// and guidance mixes the two predictions (Ho and Salimans 2022): ε = ε_∅ + w (ε_y − ε_∅). The denoiser is an MLP over
/// the row and the embedding, or for images a small U-Net (<see cref="DiffusionUNet"/>) that adds the embedding in every block.
/// </summary>
public sealed class DiffusionNetwork : Module<Tensor, Tensor, Tensor, Tensor>
{
    private const int EmbeddingSize = 64;
    private readonly Sequential time_mlp;     // (B, 64) → (B, 64)
    private readonly Embedding? class_embedding;   // (B) → (B, 64); index = classes means "no class"
    private readonly Sequential? denoiser;    // MLP: (B, D + 64) → (B, D)
    private readonly DiffusionUNet? unet;     // U-Net: (B, D), (B, 64) → (B, D)
    private readonly Standardization standardization;   // the training rows' moments
    private readonly Tensor alpha_bar;        // (T): ᾱ_t
    private readonly Tensor sample_range;     // (2): min and max of the standardised training data (min > max: no clipping)

    internal DiffusionNetwork(int dimension, int classes, int[] hiddenSizes, int timesteps, NoiseSchedule schedule, (int C, int H, int W)? image = null, int filters = 32)
        : base(nameof(DiffusionNetwork))
    {
        Dimension = dimension;
        Classes = classes;
        Timesteps = timesteps;
        time_mlp = Sequential(Linear(EmbeddingSize, EmbeddingSize), SiLU(), Linear(EmbeddingSize, EmbeddingSize));
        class_embedding = classes > 0 ? Embedding(classes + 1, EmbeddingSize) : null;
        if (image is { } shape)
        {
            unet = new DiffusionUNet(shape, filters, EmbeddingSize);
        }
        else
        {
            var layers = new List<Module<Tensor, Tensor>>();
            var width = dimension + EmbeddingSize;
            foreach (var h in hiddenSizes)
            {
                layers.Add(Linear(width, h));
                layers.Add(SiLU());
                width = h;
            }

            layers.Add(Linear(width, dimension));
            denoiser = Sequential(layers);
        }

        standardization = new Standardization(dimension);
        alpha_bar = AlphaBar(timesteps, schedule);
        register_buffer(nameof(alpha_bar), alpha_bar);
        sample_range = tensor(new float[] { 1, -1 });
        register_buffer(nameof(sample_range), sample_range);
        RegisterComponents();
    }

    /// <summary>Values per row D.</summary>
    public int Dimension { get; }

    /// <summary>Classes (0: unconditional).</summary>
    public int Classes { get; }

    /// <summary>Diffusion steps T.</summary>
    public int Timesteps { get; }

    /// <summary>ε_θ(x_t, t, y): noisy standardised rows (B, D), steps (B) int64 in [0, T), classes (B) int64 (index <see cref="Classes"/> = none) → predicted noise (B, D).</summary>
    public override Tensor forward(Tensor xt, Tensor t, Tensor y)
    {
        var embedding = time_mlp.call(Sinusoidal(t));                                           // (B, 64)
        if (class_embedding is not null)
        {
            embedding = embedding.Plus(class_embedding.call(y));                                  // (B, 64)
        }

        return unet is not null
            ? unet.call(xt, embedding)                                                           // (B, D)
            : denoiser!.call(cat([xt, embedding], 1));                                           // (B, D)
    }

    /// <summary>The training loss: mean over rows and values of (ε_θ(√ᾱ_t x_0 + √(1 − ᾱ_t) ε, t, y) − ε)², x_0 standardised inside.</summary>
    internal Tensor Loss(Tensor x, Tensor t, Tensor noise, Tensor y)
    {
        var x0 = Standardize(x);                                                                 // (B, D)
        var ab = alpha_bar.index_select(0, t).unsqueeze(1);                                      // (B, 1)
        var xt = (ab.sqrt() * x0).Plus(ab.SubtractedFrom(1).sqrt() * noise);                         // (B, D)
        return (call(xt, t, y) - noise).Squared().mean([1]);                                      // (B)
    }

    /// <summary>
    /// DDIM sampling from x_T = <paramref name="noise"/> over <paramref name="steps"/> evenly spaced steps, with
    /// stochasticity <paramref name="eta"/> (0: deterministic DDIM; 1 with every step: DDPM) and guidance scale
    /// <paramref name="guidance"/> for the classes <paramref name="y"/> (null: unconditional). Returns rows in the data's units.
    /// </summary>
    internal Tensor Sample(Tensor noise, int steps, double eta, double guidance, Tensor? y, Generator generator)
    {
        var rows = noise.shape[0];
        var none = TorchScalars.Filled(rows, Classes, noise.device);                             // (N): "no class"
        var times = Enumerable.Range(0, steps).Select(i => (long)Math.Round((double)(Timesteps - 1) * (steps - 1 - i) / Math.Max(1, steps - 1))).ToArray();
        var x = noise;                                                                           // (N, D)
        var ab = alpha_bar.data<float>().ToArray();
        var (low, high) = (sample_range[0].item<float>(), sample_range[1].item<float>());
        var clip = low <= high;
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var t = times[i];
            var abT = ab[t];
            var abPrev = i + 1 < steps ? ab[times[i + 1]] : 1f;
            var tt = TorchScalars.Filled(rows, t, x.device);                                      // (N)
            var eps = call(x, tt, none);                                                         // (N, D)
            if (y is not null && Classes > 0)
            {
                var conditional = call(x, tt, y);
                eps = eps.Plus((conditional - eps).Times(guidance));                                    // classifier-free guidance
            }

            var x0 = (x - eps.Times(Math.Sqrt(1 - abT))).Over(Math.Sqrt(abT));                         // (N, D): predicted clean row
            if (clip)
            {
                x0 = x0.Clamp(low, high);
                eps = (x - x0.Times(Math.Sqrt(abT))).Over(Math.Sqrt(1 - abT));                          // the noise consistent with the clamped x̂_0
            }

            var sigma = eta * Math.Sqrt((1 - abPrev) / (1 - abT)) * Math.Sqrt(1 - (abT / abPrev));
            var next = x0.Times(Math.Sqrt(abPrev)).Plus(eps.Times(Math.Sqrt(Math.Max(0, 1 - abPrev - (sigma * sigma)))));
            if (sigma > 0)
            {
                next = next.Plus(randn(x.shape, generator: generator).to(x.device).Times(sigma));
            }

            x = next.MoveToOuterDisposeScope();
        }

        return standardization.Inverse(x);                                                       // (N, D)
    }

    /// <summary>Sets the standardisation to the training rows' moments (a zero deviation counts as 1).</summary>
    internal void SetMoments(float[] means, float[] deviations) => standardization.Set(means, deviations);

    internal Tensor Standardize(Tensor x) => standardization.call(x);

    /// <summary>Clamps predicted clean samples to [<paramref name="min"/>, <paramref name="max"/>] (standardised units) while sampling.</summary>
    internal void SetSampleRange(float min, float max)
    {
        using var noGrad = no_grad();
        sample_range[0] = min;
        sample_range[1] = max;
    }

    /// <summary>sin/cos of t at 32 geometric frequencies (Vaswani et al. 2017): (B) → (B, 64).</summary>
    private static Tensor Sinusoidal(Tensor t)
    {
        var half = EmbeddingSize / 2;
        using var count = half.ToScalar();
        var frequencies = exp(arange(count, dtype: ScalarType.Float32, device: t.device).Times(-Math.Log(10_000) / (half - 1)));   // (32)
        var angles = t.to(ScalarType.Float32).unsqueeze(1) * frequencies.unsqueeze(0);          // (B, 32)
        return cat([angles.sin(), angles.cos()], 1);                                            // (B, 64)
    }

    /// <summary>ᾱ_t for t = 0 … T − 1.</summary>
    private static Tensor AlphaBar(int timesteps, NoiseSchedule schedule)
    {
        var values = new float[timesteps];
        if (schedule == NoiseSchedule.Linear)
        {
            var (start, end) = (1e-4 * 1000 / timesteps, 0.02 * 1000 / timesteps);
            double product = 1;
            for (var t = 0; t < timesteps; t++)
            {
                var beta = start + ((end - start) * t / (timesteps - 1));
                product *= 1 - Math.Min(beta, 0.999);
                values[t] = (float)product;
            }
        }
        else
        {
            const double s = 0.008;
            double F(double u) => Math.Pow(Math.Cos((u + s) / (1 + s) * Math.PI / 2), 2);
            for (var t = 0; t < timesteps; t++)
            {
                values[t] = (float)Math.Max(F((t + 1.0) / timesteps) / F(0), 1e-5);
            }
        }

        return tensor(values);
    }
}
