using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Layers;

/// <summary>
/// LeakyReLU that holds its slope as a <see cref="Scalar"/> for its lifetime. TorchSharp's own module converts the
/// slope to a new Scalar on every call and leaves it to the finalizer, which a collection on another thread can run
/// while libtorch reads it (see <c>Core/TorchScalars</c>). Same libtorch call, so the same numbers; no parameters.
/// </summary>
internal sealed class HeldLeakyRelu : Module<Tensor, Tensor>
{
    private readonly Scalar _slope;

    /// <summary>Creates the activation with <paramref name="negativeSlope"/>.</summary>
    public HeldLeakyRelu(double negativeSlope) : base("LeakyReLU")
    {
        _slope = negativeSlope.ToScalar();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => input.leaky_relu(_slope);
}
