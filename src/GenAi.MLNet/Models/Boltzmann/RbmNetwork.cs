using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.Boltzmann;

/// <summary>
/// A restricted Boltzmann machine with binary visible units v (V) and binary hidden units h (H): the energy
/// E(v, h) = -b·v - c·h - vᵀWh defines p(v, h) = exp(-E) / Z. Summing out h gives the free energy
/// F(v) = -b·v - Σ_j softplus(c_j + v·W_:j), with p(v) = exp(-F(v)) / Z. Both conditionals factorise:
/// P(h_j = 1 | v) = σ(c_j + v·W_:j) and P(v_i = 1 | h) = σ(b_i + W_i:·h), which is what makes block Gibbs
/// sampling cheap.
/// </summary>
/// <remarks>
/// Smolensky 1986 (harmoniums); Hinton 2002 (contrastive divergence); Tieleman 2008 (persistent CD);
/// Salakhutdinov and Murray 2008 (annealed importance sampling of Z). Initialisation as scikit-learn's
/// <c>BernoulliRBM</c>: W ~ N(0, 0.01²), biases zero.
/// </remarks>
public sealed class RbmNetwork : Module<Tensor, Tensor>
{
    private readonly Parameter weight;         // (V, H)
    private readonly Parameter visible_bias;   // (V)   b
    private readonly Parameter hidden_bias;    // (H)   c

    internal RbmNetwork(int visible, int hidden)
        : base(nameof(RbmNetwork))
    {
        Visible = visible;
        Hidden = hidden;
        weight = Parameter(randn(visible, hidden) * 0.01f);
        visible_bias = Parameter(zeros(visible));
        hidden_bias = Parameter(zeros(hidden));
        RegisterComponents();
    }

    /// <summary>Number of visible units V.</summary>
    public int Visible { get; }

    /// <summary>Number of hidden units H.</summary>
    public int Hidden { get; }

    /// <summary>The weights W, (V, H).</summary>
    public Tensor Weight => weight;

    /// <summary>The visible biases b, (V).</summary>
    public Tensor VisibleBias => visible_bias;

    /// <summary>The hidden biases c, (H).</summary>
    public Tensor HiddenBias => hidden_bias;

    /// <summary>P(h = 1 | v): (B, V) → (B, H).</summary>
    public override Tensor forward(Tensor v) => sigmoid(HiddenInput(v));

    /// <summary>P(v = 1 | h): (B, H) → (B, V).</summary>
    public Tensor VisibleProbabilities(Tensor h) => sigmoid(VisibleInput(h));                  // (B, V)

    /// <summary>b + h Wᵀ, the logits of P(v = 1 | h): (B, H) → (B, V).</summary>
    public Tensor VisibleInput(Tensor h) => functional.linear(h, weight, visible_bias);

    /// <summary>F(v) = -b·v - Σ_j softplus(c_j + v·W_:j): (B, V) → (B), nats.</summary>
    public Tensor FreeEnergy(Tensor v)
        => -mv(v, visible_bias) - functional.softplus(HiddenInput(v)).sum(1);                   // (B)

    /// <summary>
    /// Σ_i log P(v_i | v_rest) for binary rows, exactly (all V units flipped, not one at random as
    /// scikit-learn's stochastic estimate): P(v_i | v_rest) = σ(F(v with i flipped) - F(v)).
    /// </summary>
    public Tensor PseudoLogLikelihood(Tensor v)
    {
        var rows = v.shape[0];
        var chunk = Math.Max(1, (int)(4_000_000 / Math.Max(1L, (long)Visible * Hidden)));
        var parts = new Tensor[(rows + chunk - 1) / chunk];
        for (var (start, k) = (0L, 0); start < rows; start += chunk, k++)
        {
            var x = v[TensorIndex.Slice(start, Math.Min(rows, start + chunk))];                 // (b, V)
            var pre = HiddenInput(x);                                                           // (b, H)
            var flip = 1 - (2 * x);                                                             // (b, V): +1 turns a 0 on, -1 a 1 off
            var flipped = pre.unsqueeze(1) + (flip.unsqueeze(2) * weight.unsqueeze(0));        // (b, V, H)
            var delta = -(flip * visible_bias)                                                  // (b, V): F(v') - F(v)
                        - functional.softplus(flipped).sum(2)
                        + functional.softplus(pre).sum(1, keepdim: true);
            parts[k] = functional.logsigmoid(delta).sum(1);                                     // (b)
        }

        return cat(parts, 0);                                                                   // (B)
    }

    /// <summary>
    /// k steps of block Gibbs sampling from visible states <paramref name="v"/> (B, V): h ~ P(h | v), then
    /// v ~ P(v | h). Returns the last binary visible sample and the last P(v | h).
    /// </summary>
    public (Tensor Sample, Tensor Probabilities) Gibbs(Tensor v, int steps, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        Tensor probabilities = v;
        for (var k = 0; k < steps; k++)
        {
            var h = bernoulli(forward(v), generator: generator);                                // (B, H)
            probabilities = VisibleProbabilities(h);                                            // (B, V)
            v = bernoulli(probabilities, generator: generator);                                 // (B, V)
        }

        return (v, probabilities);
    }

    /// <summary>c + v W: (B, V) → (B, H).</summary>
    private Tensor HiddenInput(Tensor v) => addmm(hidden_bias, v, weight, 1, 1);
}
