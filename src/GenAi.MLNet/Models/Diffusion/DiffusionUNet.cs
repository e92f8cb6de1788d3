using GenAi.MLNet.Core;
using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.Diffusion;

/// <summary>
/// The convolutional denoiser of image diffusion models, a small version of DDPM's U-Net (Ho et al. 2020, after
/// Ronneberger et al. 2015): residual blocks with group normalisation that each add the step-and-class embedding as a
/// per-channel bias, two stride-2 downsamplings (widths F, 2F, 2F), and a decoder that concatenates the encoder's
/// features of the same size. Images are padded to a multiple of 4 and cropped back.
/// </summary>
internal sealed class DiffusionUNet : Module<Tensor, Tensor, Tensor>
{
    private readonly Conv2d stem;              // (B, C, H, W) → (B, F, H, W)
    private readonly TimeBlock block0;         // (B, F, H, W)
    private readonly Conv2d down1;             // (B, F, H, W) → (B, 2F, H/2, W/2)
    private readonly TimeBlock block1;         // (B, 2F, H/2, W/2)
    private readonly Conv2d down2;             // (B, 2F, H/2, W/2) → (B, 2F, H/4, W/4)
    private readonly TimeBlock middle;         // (B, 2F, H/4, W/4)
    private readonly ConvTranspose2d up2;      // (B, 2F, H/4, W/4) → (B, 2F, H/2, W/2)
    private readonly TimeBlock block2;         // (B, 4F, H/2, W/2) → (B, 2F, H/2, W/2)
    private readonly ConvTranspose2d up1;      // (B, 2F, H/2, W/2) → (B, F, H, W)
    private readonly TimeBlock block3;         // (B, 2F, H, W) → (B, F, H, W)
    private readonly GroupNorm out_norm;
    private readonly Conv2d out_conv;          // (B, F, H, W) → (B, C, H, W)

    public DiffusionUNet((int C, int H, int W) image, int filters, int embedding)
        : base(nameof(DiffusionUNet))
    {
        Image = image;
        var (f, f2) = (filters, 2 * filters);
        stem = Conv2d(image.C, f, 3, padding: 1);
        block0 = new TimeBlock(f, f, embedding);
        down1 = Conv2d(f, f2, 4, stride: 2, padding: 1);
        block1 = new TimeBlock(f2, f2, embedding);
        down2 = Conv2d(f2, f2, 4, stride: 2, padding: 1);
        middle = new TimeBlock(f2, f2, embedding);
        up2 = ConvTranspose2d(f2, f2, 4, stride: 2, padding: 1);
        block2 = new TimeBlock(2 * f2, f2, embedding);
        up1 = ConvTranspose2d(f2, f, 4, stride: 2, padding: 1);
        block3 = new TimeBlock(2 * f, f, embedding);
        out_norm = TimeBlock.Norm(f);
        out_conv = Conv2d(f, image.C, 3, padding: 1);
        RegisterComponents();
    }

    /// <summary>The image shape (C, H, W).</summary>
    public (int C, int H, int W) Image { get; }

    /// <summary>Flat noisy images (B, C·H·W) and embeddings (B, E) → predicted noise (B, C·H·W).</summary>
    public override Tensor forward(Tensor x, Tensor embedding)
    {
        var (c, h, w) = Image;
        var rows = x.shape[0];
        var (padH, padW) = ((4 - (h % 4)) % 4, (4 - (w % 4)) % 4);
        var images = x.reshape(rows, c, h, w);                                                    // (B, C, H, W)
        if (padH + padW > 0)
        {
            images = functional.pad(images, [0, padW, 0, padH]);                                // (B, C, H', W')
        }

        var h0 = block0.call(stem.call(images), embedding);                                     // (B, F, H', W')
        var h1 = block1.call(down1.call(h0), embedding);                                        // (B, 2F, H'/2, W'/2)
        var m = middle.call(down2.call(h1), embedding);                                         // (B, 2F, H'/4, W'/4)
        var u1 = block2.call(cat([up2.call(m), h1], 1), embedding);                             // (B, 2F, H'/2, W'/2)
        var u0 = block3.call(cat([up1.call(u1), h0], 1), embedding);                            // (B, F, H', W')
        var output = out_conv.call(functional.silu(out_norm.call(u0)));                         // (B, C, H', W')
        if (padH + padW > 0)
        {
            output = output[.., .., ..h, ..w];                                                   // (B, C, H, W)
        }

        return output.reshape(rows, -1);                                                         // (B, C·H·W)
    }

    /// <summary>A residual block: GroupNorm → SiLU → conv3×3, plus the embedding's per-channel bias, GroupNorm → SiLU → conv3×3, plus the input (1×1-projected when the widths differ).</summary>
    private sealed class TimeBlock : Module<Tensor, Tensor, Tensor>
    {
        private readonly GroupNorm norm1;
        private readonly Conv2d conv1;         // (B, Cin, H, W) → (B, Cout, H, W)
        private readonly Linear time;          // (B, E) → (B, Cout)
        private readonly GroupNorm norm2;
        private readonly Conv2d conv2;         // (B, Cout, H, W) → (B, Cout, H, W)
        private readonly Conv2d? skip;         // (B, Cin, H, W) → (B, Cout, H, W) when Cin ≠ Cout

        public TimeBlock(int inChannels, int outChannels, int embedding)
            : base(nameof(TimeBlock))
        {
            norm1 = Norm(inChannels);
            conv1 = Conv2d(inChannels, outChannels, 3, padding: 1);
            time = Linear(embedding, outChannels);
            norm2 = Norm(outChannels);
            conv2 = Conv2d(outChannels, outChannels, 3, padding: 1);
            skip = inChannels == outChannels ? null : Conv2d(inChannels, outChannels, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x, Tensor embedding)
        {
            var h = conv1.call(functional.silu(norm1.call(x)));                                  // (B, Cout, H, W)
            h = h.Plus(time.call(functional.silu(embedding)).unsqueeze(-1).unsqueeze(-1));           // + (B, Cout, 1, 1)
            h = conv2.call(functional.silu(norm2.call(h)));
            return h.Plus(skip is null ? x : skip.call(x));
        }

        /// <summary>
        /// Group normalisation over the largest of 8, 4, 2, 1 groups that divides the channels, with its scale set to 1 and
        /// its shift to 0 explicitly: TorchSharp 0.107's GroupNorm leaves them uninitialised (a NaN shift was seen).
        /// </summary>
        public static GroupNorm Norm(int channels)
        {
            var norm = GroupNorm(Groups(channels), channels);
            using var noGrad = no_grad();
            norm.weight!.fill_(1);
            norm.bias!.zero_();
            return norm;
        }

        private static int Groups(int channels)
        {
            foreach (var g in new[] { 8, 4, 2 })
            {
                if (channels % g == 0)
                {
                    return g;
                }
            }

            return 1;
        }
    }
}
