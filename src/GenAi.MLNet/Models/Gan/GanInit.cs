// Radford, Metz and Chintala (DCGAN), ICLR 2016, section 4: every weight drawn from N(0, 0.02).
using System;
using System.Collections.Generic;
using GenAi.MLNet.Core;
using GenAi.MLNet.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.Gan;

/// <summary>The DCGAN initialisation: weights ~ N(0, s), biases 0; batch-norm scales ~ N(1, s).</summary>
internal static class GanInit
{
    public static void Apply(nn.Module module, double std)
    {
        if (std <= 0)
        {
            return;
        }

        using var noGrad = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            var isBatchNorm = name.Contains("bn", StringComparison.Ordinal);
            if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                parameter.zero_();
            }
            else if (isBatchNorm)
            {
                parameter.normal_(1.0, std);
            }
            else
            {
                parameter.normal_(0.0, std);
            }
        }
    }
}
