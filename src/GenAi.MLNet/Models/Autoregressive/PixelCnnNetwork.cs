using GenAi.MLNet.Core;
using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>
/// PixelCNN (van den Oord, Kalchbrenner and Kavukcuoglu 2016): an image's likelihood as a product over its pixels
/// in raster order, p(x) = Π_i p(x_i | x_1 … x_{i−1}), each factor a softmax over the pixel's levels. Masked
/// convolutions keep the order: a mask of type A (the first layer) hides the pixel itself and every later one;
/// type B (the layers after) lets a position see its own features, which only ever summarise earlier pixels.
/// The channels of one pixel are predicted together from the earlier pixels (for one-channel images this is the
/// paper's model; for colour it drops the within-pixel R → G → B order).
/// </summary>
public sealed class PixelCnnNetwork : Module<Tensor, Tensor>
{
    private readonly MaskedConv2d input_conv;          // (B, C, H, W) → (B, F, H, W), type A, 7×7
    private readonly ModuleList<PixelCnnBlock> blocks; // (B, F, H, W) → (B, F, H, W), type B residual blocks
    private readonly Sequential output_head;           // (B, F, H, W) → (B, C·L, H, W)

    internal PixelCnnNetwork(int channels, int height, int width, int levels, int filters, int residualBlocks)
        : base(nameof(PixelCnnNetwork))
    {
        (Channels, Height, Width, Levels) = (channels, height, width, levels);
        input_conv = new MaskedConv2d(channels, filters, 7, includeCentre: false);
        var list = new List<PixelCnnBlock>();
        for (var i = 0; i < residualBlocks; i++)
        {
            list.Add(new PixelCnnBlock(filters));
        }

        blocks = ModuleList(list.ToArray());
        output_head = Sequential(ReLU(), Conv2d(filters, filters, 1), ReLU(), Conv2d(filters, channels * levels, 1));
        RegisterComponents();
    }

    /// <summary>Channels C.</summary>
    public int Channels { get; }

    /// <summary>Height H.</summary>
    public int Height { get; }

    /// <summary>Width W.</summary>
    public int Width { get; }

    /// <summary>Levels L each value takes (2: binary).</summary>
    public int Levels { get; }

    /// <summary>Logits of every pixel's levels: images of levels scaled to [0, 1] (B, C, H, W) → (B, C, L, H, W).</summary>
    public override Tensor forward(Tensor x)
    {
        var h = input_conv.call(x.Times(2).Minus(1));                                                     // (B, F, H, W): inputs centred
        foreach (var block in blocks)
        {
            h = block.call(h);                                                                    // (B, F, H, W)
        }

        var logits = output_head.call(h);                                                         // (B, C·L, H, W)
        return logits.view(x.shape[0], Channels, Levels, x.shape[2], x.shape[3]);                 // (B, C, L, H, W)
    }

    /// <summary>−log p(x) in nats per image: levels (B, C, H, W) as int64 → (B).</summary>
    internal Tensor NegativeLogLikelihood(Tensor levels)
    {
        var x = levels.to(ScalarType.Float32).Over(Levels - 1);                                     // (B, C, H, W) in [0, 1]
        var logits = call(x);                                                                     // (B, C, L, H, W)
        var nll = functional.cross_entropy(logits.transpose(1, 2), levels, reduction: Reduction.None);   // classes second: (B, L, C, H, W) → (B, C, H, W)
        return nll.sum([1, 2, 3]);                                                                // (B)
    }

    /// <summary>
    /// Ancestral sampling in raster order: one network pass per pixel (cropped to the rows seen so far, which is all
    /// a causal network reads). Returns levels (N, C, H, W) as int64.
    /// </summary>
    internal Tensor Sample(long count, double temperature, Generator generator, Device device)
    {
        var levels = zeros([count, Channels, Height, Width], dtype: ScalarType.Int64, device: device);   // (N, C, H, W)
        for (var i = 0; i < Height; i++)
        {
            for (var j = 0; j < Width; j++)
            {
                using var scope = NewDisposeScope();
                var seen = levels[.., .., ..(i + 1), ..].to(ScalarType.Float32).Over(Levels - 1);    // (N, C, i + 1, W)
                var logits = call(seen)[.., .., .., i, j].Over(temperature);                          // (N, C, L)
                var probabilities = logits.softmax(-1).view(-1, Levels);                          // (N·C, L)
                var drawn = multinomial(probabilities, 1, generator: generator).view(count, Channels);   // (N, C)
                levels[.., .., i, j] = drawn;
            }
        }

        return levels;
    }
}

/// <summary>A convolution whose kernel sees only earlier pixels in raster order (and the centre for type B).</summary>
internal sealed class MaskedConv2d : Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly Tensor mask;   // (1, 1, k, k)

    public MaskedConv2d(int inputs, int outputs, int kernel, bool includeCentre)
        : base(nameof(MaskedConv2d))
    {
        conv = Conv2d(inputs, outputs, kernel, padding: kernel / 2);
        var values = new float[kernel * kernel];
        var centre = kernel / 2;
        for (var r = 0; r < kernel; r++)
        {
            for (var c = 0; c < kernel; c++)
            {
                var before = r < centre || (r == centre && (c < centre || (includeCentre && c == centre)));
                values[(r * kernel) + c] = before ? 1 : 0;
            }
        }

        mask = tensor(values, [1, 1, kernel, kernel]);
        register_buffer(nameof(mask), mask);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
        => functional.conv2d(x, conv.weight! * mask, conv.bias, padding: [conv.weight!.shape[2] / 2, conv.weight.shape[3] / 2]);
}

/// <summary>The paper's residual block: 1×1 to F/2, masked 3×3 (type B), 1×1 back to F, each after a ReLU.</summary>
internal sealed class PixelCnnBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d reduce;
    private readonly MaskedConv2d masked;
    private readonly Conv2d expand;

    public PixelCnnBlock(int filters)
        : base(nameof(PixelCnnBlock))
    {
        var half = Math.Max(1, filters / 2);
        reduce = Conv2d(filters, half, 1);
        masked = new MaskedConv2d(half, half, 3, includeCentre: true);
        expand = Conv2d(half, filters, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var h = reduce.call(functional.relu(x));                                                  // (B, F/2, H, W)
        h = masked.call(functional.relu(h));                                                      // (B, F/2, H, W)
        return x.Plus(expand.call(functional.relu(h)));                                               // (B, F, H, W)
    }
}
