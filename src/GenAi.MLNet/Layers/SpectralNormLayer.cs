// Miyato et al., "Spectral Normalization for Generative Adversarial Networks", ICLR 2018.
using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Layers;

/// <summary>
/// A linear or 2-D convolution layer whose weight is divided by its largest singular value, estimated
/// by one step of power iteration per training forward pass (Miyato et al. 2018), which keeps the layer
/// 1-Lipschitz. TorchSharp has no built-in spectral normalisation.
/// </summary>
public sealed class SpectralNormLayer : Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly Tensor u;          // (out): left singular vector estimate, a buffer
    private readonly long[] _shape;
    private readonly (long Stride, long Padding)? _conv;

    /// <summary>A spectrally normalised <c>Linear(inputs, outputs)</c>.</summary>
    public static SpectralNormLayer Linear(long inputs, long outputs, bool bias = true) => new([outputs, inputs], bias, null);

    /// <summary>A spectrally normalised <c>Conv2d(inputs, outputs, kernel, stride, padding)</c>.</summary>
    public static SpectralNormLayer Conv2d(long inputs, long outputs, long kernel, long stride, long padding, bool bias = true)
        => new([outputs, inputs, kernel, kernel], bias, (stride, padding));

    private SpectralNormLayer(long[] shape, bool hasBias, (long, long)? conv) : base(nameof(SpectralNormLayer))
    {
        _shape = shape;
        _conv = conv;
        var fanIn = 1L;
        for (var i = 1; i < shape.Length; i++)
        {
            fanIn *= shape[i];
        }

        // PyTorch's default initialisation of Linear/Conv2d: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
        var bound = 1.0 / Math.Sqrt(fanIn);
        weight = Parameter(empty(shape).uniform_(-bound, bound));
        bias = hasBias ? Parameter(empty(shape[0]).uniform_(-bound, bound)) : null;
        u = functional.normalize(randn(shape[0]), dim: 0);
        register_buffer("u", u);
        RegisterComponents();
    }

    /// <summary>The raw weight (before normalisation), e.g. to re-initialise it.</summary>
    public Parameter Weight => weight;

    /// <summary>The current estimate of the weight's largest singular value.</summary>
    public double Sigma()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var matrix = weight.view(_shape[0], -1);
        var v = functional.normalize(matrix.t().matmul(u), dim: 0);
        return u.dot(matrix.matmul(v)).item<float>();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        var matrix = weight.view(_shape[0], -1);                              // (out, in*k*k)
        if (training)
        {
            using var noGrad = no_grad();
            var v = functional.normalize(matrix.t().matmul(u), dim: 0);        // (in*k*k)
            u.copy_(functional.normalize(matrix.matmul(v), dim: 0));          // (out)
        }

        using var scope = NewDisposeScope();
        // Clones: a later forward pass updates u in place, and this pass's graph must keep its own copy.
        var uCurrent = u.clone();
        var vCurrent = functional.normalize(matrix.t().matmul(uCurrent), dim: 0).detach();
        var sigma = uCurrent.dot(matrix.matmul(vCurrent));                     // scalar, differentiable in W
        var normalized = weight / sigma;
        var result = _conv is { } c
            ? functional.conv2d(x, normalized, bias, strides: [c.Stride, c.Stride], padding: [c.Padding, c.Padding])
            : functional.linear(x, normalized, bias);
        return result.MoveToOuterDisposeScope();
    }
}
