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

/// <summary>What to do before libtorch loads.</summary>
/// <param name="CapIsa">Set <c>ONEDNN_MAX_CPU_ISA=AVX2</c> before libtorch loads.</param>
/// <param name="RunSelfCheck">Check convolutions before the first model is built.</param>
/// <param name="Reason">Why, in words (for the runtime status).</param>
internal sealed record ConvolutionPlan(bool CapIsa, bool RunSelfCheck, string Reason);
