using GenAi.MLNet.Core;
using System;
using System.Collections.Generic;
using GenAi.MLNet.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.ImageTranslation;

/// <summary>
/// A paired image-to-image translator. The input image (B, Ci, h, w) is upsampled bicubically to the target's
/// (H, W) = s·(h, w), padded to a multiple of 2^depth, and passed through a U-Net (Ronneberger, Fischer and Brox
/// 2015): an encoder of stride-2 convolutions, a decoder of stride-2 transposed convolutions, and skip connections
/// that hand each decoder level the encoder's features of the same size, so fine detail does not have to squeeze
/// through the bottleneck. With a residual head the output is upsampled input + correction (VDSR, Kim et al. 2016).
/// An optional conditional PatchGAN (Isola et al. 2017) scores overlapping patches of (input, image) as real or translated.
/// </summary>
public sealed class ImageTranslationNetwork : Module<Tensor, Tensor>
{
    private readonly ModuleList<Module<Tensor, Tensor>> encoder;   // level i: (B, F·2^(i−1), H/2^(i−1)) → (B, F·2^i, H/2^i)
    private readonly ModuleList<Module<Tensor, Tensor>> upsample;  // level i: (B, F·2^i, H/2^i) → (B, F·2^(i−1), H/2^(i−1))
    private readonly ModuleList<Module<Tensor, Tensor>> decoder;   // level i: (B, 2·F·2^(i−1), …) → (B, F·2^(i−1), …)
    private readonly Sequential stem;                              // (B, Ci, H, W) → (B, F, H, W)
    private readonly Conv2d head;                                  // (B, F, H, W) → (B, Co, H, W)
    private readonly Sequential? discriminator;                    // (B, Ci + Co, H, W) → (B, 1, H/4, W/4) patch logits
    private readonly Tensor range;                                 // (2): the training targets' min and max

    internal ImageTranslationNetwork((int C, int H, int W) input, (int C, int H, int W) target, int filters, int depth, bool residual, bool withDiscriminator)
        : base(nameof(ImageTranslationNetwork))
    {
        Input = input;
        Target = target;
        Depth = depth;
        Residual = residual && input.C == target.C;
        stem = Sequential(Conv2d(input.C, filters, 3, padding: 1), ReLU(), Conv2d(filters, filters, 3, padding: 1), ReLU());
        var down = new List<Module<Tensor, Tensor>>();
        var up = new List<Module<Tensor, Tensor>>();
        var merge = new List<Module<Tensor, Tensor>>();
        for (var i = 1; i <= depth; i++)
        {
            var (wide, narrow) = (filters << i, filters << (i - 1));
            down.Add(Sequential(Conv2d(narrow, wide, 4, stride: 2, padding: 1), ReLU(), Conv2d(wide, wide, 3, padding: 1), ReLU()));
            up.Add(Sequential(ConvTranspose2d(wide, narrow, 4, stride: 2, padding: 1), ReLU()));
            merge.Add(Sequential(Conv2d(2 * narrow, narrow, 3, padding: 1), ReLU()));
        }

        encoder = ModuleList(down.ToArray());
        upsample = ModuleList(up.ToArray());
        decoder = ModuleList(merge.ToArray());
        head = Conv2d(filters, target.C, 1);
        if (Residual)
        {
            // Start exactly at the bicubic image: a zero correction, so smooth regions are not given a noise floor to unlearn.
            using var noGrad = no_grad();
            head.weight!.zero_();
            head.bias!.zero_();
        }
        if (withDiscriminator)
        {
            discriminator = Sequential(
                Conv2d(input.C + target.C, filters, 4, stride: 2, padding: 1), new HeldLeakyRelu(0.2),         // (B, F, H/2, W/2)
                Conv2d(filters, 2 * filters, 4, stride: 2, padding: 1), new HeldLeakyRelu(0.2),                 // (B, 2F, H/4, W/4)
                Conv2d(2 * filters, 1, 3, padding: 1));                                                  // (B, 1, H/4, W/4)
        }

        range = tensor(new float[] { 1, -1 });                         // min > max: not recorded
        register_buffer(nameof(range), range);
        RegisterComponents();
    }

    /// <summary>The input image shape (C, H, W).</summary>
    public (int C, int H, int W) Input { get; }

    /// <summary>The output (target) image shape (C, H, W).</summary>
    public (int C, int H, int W) Target { get; }

    /// <summary>Downsampling levels of the U-Net.</summary>
    public int Depth { get; }

    /// <summary>True when the network predicts a correction to the upsampled input.</summary>
    public bool Residual { get; }

    /// <summary>True when a PatchGAN discriminator is part of the model.</summary>
    public bool HasDiscriminator => discriminator is not null;

    /// <summary>Flat input images (B, Ci·h·w) → flat translated images (B, Co·H·W), unclamped.</summary>
    public override Tensor forward(Tensor x)
    {
        var rows = x.shape[0];
        var (_, height, width) = Target;
        var upsampled = Upsample(x);                                                             // (B, Ci, H, W)
        var multiple = 1 << Depth;
        var (padH, padW) = ((multiple - (height % multiple)) % multiple, (multiple - (width % multiple)) % multiple);
        var h = padH + padW > 0 ? functional.pad(upsampled, [0, padW, 0, padH], PaddingModes.Replicate) : upsampled;   // (B, Ci, H', W')
        h = stem.call(h);                                                                        // (B, F, H', W')
        var skips = new List<Tensor> { h };
        foreach (var level in encoder)
        {
            h = level.call(h);                                                                   // (B, F·2^i, H'/2^i, W'/2^i)
            skips.Add(h);
        }

        for (var i = Depth - 1; i >= 0; i--)
        {
            h = upsample[i].call(h);                                                             // (B, F·2^i, H'/2^i, W'/2^i)
            h = decoder[i].call(cat([h, skips[i]], 1));                                          // (B, F·2^i, H'/2^i, W'/2^i)
        }

        var output = head.call(h);                                                               // (B, Co, H', W')
        if (padH + padW > 0)
        {
            output = output[.., .., ..height, ..width];                                          // (B, Co, H, W)
        }

        if (Residual)
        {
            output = output.Plus(upsampled);
        }

        return output.reshape(rows, -1);                                                         // (B, Co·H·W)
    }

    /// <summary>Flat input images (B, Ci·h·w) → (B, Ci, H, W): bicubic upsampling to the target size (identity when the sizes agree).</summary>
    internal Tensor Upsample(Tensor x)
    {
        var images = x.reshape(x.shape[0], Input.C, Input.H, Input.W);                           // (B, Ci, h, w)
        return Input.H == Target.H && Input.W == Target.W
            ? images
            : functional.interpolate(images, size: [Target.H, Target.W], mode: InterpolationMode.Bicubic, align_corners: false);
    }

    /// <summary>The translation clamped to the training targets' range (when recorded).</summary>
    internal Tensor Translate(Tensor x, bool clamp)
    {
        var y = call(x);                                                                         // (B, Co·H·W)
        return clamp && range[0].item<float>() <= range[1].item<float>() ? y.clamp(range[0], range[1]) : y;
    }

    /// <summary>PatchGAN logits of (input, image) pairs: flat inputs (B, Ci·h·w), flat images (B, Co·H·W) → (B, P) patch logits.</summary>
    internal Tensor Discriminate(Tensor x, Tensor image)
    {
        if (discriminator is null)
        {
            throw new InvalidOperationException("This translator was trained without a discriminator (AdversarialWeight = 0).");
        }

        var pair = cat([Upsample(x), image.reshape(image.shape[0], Target.C, Target.H, Target.W)], 1);   // (B, Ci + Co, H, W)
        return discriminator.call(pair).flatten(1);                                              // (B, P)
    }

    /// <summary>The translator's parameters (without the discriminator's).</summary>
    internal IEnumerable<Parameter> TranslatorParameters()
    {
        foreach (var module in new Module[] { stem, encoder, upsample, decoder, head })
        {
            foreach (var p in module.parameters())
            {
                yield return p;
            }
        }
    }

    /// <summary>The discriminator's parameters.</summary>
    internal IEnumerable<Parameter> DiscriminatorParameters() => discriminator?.parameters() ?? [];

    /// <summary>Records the training targets' value range, used by <see cref="Translate"/>.</summary>
    internal void SetRange(float min, float max)
    {
        using var noGrad = no_grad();
        range[0] = min;
        range[1] = max;
    }
}
