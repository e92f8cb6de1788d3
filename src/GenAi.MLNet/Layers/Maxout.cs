// Goodfellow et al., "Maxout Networks", ICML 2013 (the discriminator of the VEEGAN/PacGAN 2-D experiments).
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Layers;

/// <summary>Maxout units (Goodfellow et al. 2013): a linear map to <c>outputs x pieces</c> values and the maximum over each unit's pieces.</summary>
public sealed class Maxout : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _linear;
    private readonly long _outputs;
    private readonly long _pieces;

    /// <summary>Creates maxout units.</summary>
    public Maxout(long inputs, long outputs, long pieces, bool spectralNorm) : base(nameof(Maxout))
    {
        (_outputs, _pieces) = (outputs, pieces);
        _linear = spectralNorm ? SpectralNormLayer.Linear(inputs, outputs * pieces) : nn.Linear(inputs, outputs * pieces);
        RegisterComponents();
    }

    // x: (B, in) -> (B, out * pieces) -> (B, out, pieces) -> max over pieces -> (B, out)
    /// <inheritdoc />
    public override Tensor forward(Tensor x) => _linear.call(x).view(-1, _outputs, _pieces).amax([2]);
}
