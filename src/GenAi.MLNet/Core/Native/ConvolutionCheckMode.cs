using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using GenAi.MLNet.Core.Persistence;

namespace GenAi.MLNet.Core.Native;

/// <summary>How the convolution self-check runs (environment variable <c>GENAI_MLNET_CONV_CHECK</c>).</summary>
internal enum ConvolutionCheckMode
{
    /// <summary>Default: the CPU rule, a cached verdict, or a self-check on AVX-512 CPUs.</summary>
    Auto,

    /// <summary>No rule and no check: oneDNN picks its kernels as it would without this library.</summary>
    Off,

    /// <summary>For tests: run the failure path as if the self-check had failed.</summary>
    ForceFail,

    /// <summary>For tests: run the check path as if it had passed.</summary>
    ForcePass,
}
