using GenAi.MLNet.Core;
using System.Collections.Generic;
using GenAi.MLNet.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.Energy;

/// <summary>
/// An energy-based model: a network E_θ(x) that gives every row one number, low where data is likely, defining
/// p_θ(x) = exp(−E_θ(x)) / Z without ever computing Z. Samples come from Langevin dynamics, a noisy gradient
/// descent on the energy, x ← x − s ∇_x E_θ(x) + σ ε (Welling and Teh 2011; Du and Mordatch 2019; Nijkamp et al.
/// 2019). The rows are standardised and multiplied by <c>InputScale</c> before a smooth (SiLU) MLP, so the energy
/// can vary as fast as sharp data needs (a plain MLP's spectral bias keeps its functions smooth).
/// </summary>
public sealed class EnergyNetwork : Module<Tensor, Tensor>
{
    private readonly Standardization standardization;   // the training rows' moments
    private readonly Sequential energy;                 // (B, D) → (B, 1)
    private readonly double input_scale;

    internal EnergyNetwork(int dimension, int[] hiddenSizes, double inputScale)
        : base(nameof(EnergyNetwork))
    {
        Dimension = dimension;
        input_scale = inputScale;
        standardization = new Standardization(dimension);
        var layers = new List<Module<Tensor, Tensor>>();
        var width = dimension;
        foreach (var h in hiddenSizes)
        {
            layers.Add(Linear(width, h));
            layers.Add(SiLU());
            width = h;
        }

        layers.Add(Linear(width, 1));
        energy = Sequential(layers);
        RegisterComponents();
    }

    /// <summary>Values per row D.</summary>
    public int Dimension { get; }

    /// <summary>E_θ(x) for rows in the data's units: (B, D) → (B).</summary>
    public override Tensor forward(Tensor x) => StandardEnergy(standardization.call(x));

    /// <summary>E_θ of standardised rows z: (B, D) → (B). Training and sampling work in this space.</summary>
    internal Tensor StandardEnergy(Tensor z) => energy.call(z.Times(input_scale)).squeeze(1);

    /// <summary>
    /// <paramref name="steps"/> Langevin updates of standardised rows, z ← clamp(z − s ∇E(z) + σ ε, −b, b), with
    /// gradients on even under <c>no_grad</c>; returns the final rows, detached. The bound b keeps chains in the
    /// region the data standardises into.
    /// </summary>
    internal Tensor Langevin(Tensor z, int steps, double stepSize, double noise, double bound, Generator generator)
    {
        using var gradients = enable_grad();
        var x = z.detach();                                                                     // (N, D)
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var xi = x.detach().requires_grad_(true);
            var grad = autograd.grad([StandardEnergy(xi).sum()], [xi])[0];                      // (N, D): ∇E
            var next = xi.detach() - grad.Times(stepSize);
            if (noise > 0)
            {
                next = next.Plus(randn(xi.shape, generator: generator).to(xi.device).Times(noise));
            }

            x = next.Clamp(-bound, bound).MoveToOuterDisposeScope();
        }

        return x.detach();
    }

    /// <summary>Uniform starting points in [−b, b]^D, standardised space: (N, D).</summary>
    internal static Tensor Uniform(long rows, int dimension, double bound, Generator generator, Device device)
        => rand([rows, dimension], generator: generator).Times(2 * bound).Minus(bound).to(device);

    /// <summary>Back to the data's units: (N, D) → (N, D).</summary>
    internal Tensor Unstandardize(Tensor z) => standardization.Inverse(z);

    /// <summary>Sets the standardisation to the training rows' moments (a zero deviation counts as 1).</summary>
    internal void SetMoments(float[] means, float[] deviations) => standardization.Set(means, deviations);

    internal Tensor Standardize(Tensor x) => standardization.call(x);
}
