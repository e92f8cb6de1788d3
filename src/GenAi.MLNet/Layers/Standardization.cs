using GenAi.MLNet.Core;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Layers;

/// <summary>
/// Per-value standardisation, (x − mean) / deviation, with the training rows' moments kept as buffers (saved
/// with the weights, not trained): the first layer of the flow and the diffusion model, so they train on any
/// data's scale and answer in the data's own units.
/// </summary>
internal sealed class Standardization : Module<Tensor, Tensor>
{
    private readonly Tensor shift;   // (D): the training rows' means
    private readonly Tensor scale;   // (D): their standard deviations

    public Standardization(int size)
        : base(nameof(Standardization))
    {
        shift = zeros(size);
        scale = ones(size);
        register_buffer(nameof(shift), shift);
        register_buffer(nameof(scale), scale);
        RegisterComponents();
    }

    /// <summary>(x − mean) / deviation: (B, D) → (B, D).</summary>
    public override Tensor forward(Tensor x) => (x - shift) / scale;

    /// <summary>z · deviation + mean: (B, D) → (B, D).</summary>
    public Tensor Inverse(Tensor z) => (z * scale).Plus(shift);

    /// <summary>Σ log deviation, the log-determinant of <see cref="Inverse"/> (a scalar).</summary>
    public Tensor LogScale() => scale.log().sum();

    /// <summary>Sets the moments (a zero or non-finite deviation counts as 1).</summary>
    public void Set(float[] means, float[] deviations)
    {
        using var noGrad = no_grad();
        shift.copy_(tensor(means));
        scale.copy_(tensor(deviations.Select(d => d > 1e-6f && float.IsFinite(d) ? d : 1f).ToArray()));
    }
}
