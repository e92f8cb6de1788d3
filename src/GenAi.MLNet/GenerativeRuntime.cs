using GenAi.MLNet.Core.Native;

namespace GenAi.MLNet;

/// <summary>
/// The native set-up GenAi.MLNet does for TorchSharp on this machine, and what it did. Everything here
/// happens automatically when the library is first used; call <see cref="EnsureLoaded"/> yourself only
/// if you touch TorchSharp before any GenAi.MLNet type.
/// </summary>
/// <remarks>
/// What it does (details in the README's design notes): loads TorchSharp's native library (patching a
/// private copy where the system's libstdc++ is too old); shortens the spinning of OpenMP's idle threads
/// (<c>GOMP_SPINCOUNT=1000</c>, unless you set it or <c>OMP_WAIT_POLICY</c>), so that training shares
/// the CPU with other busy processes without slowing down many-fold; caps oneDNN at AVX2 on CPUs where its AVX-512
/// convolutions fail, and self-checks convolutions once on other AVX-512 CPUs
/// (<c>GENAI_MLNET_CONV_CHECK=off</c> to skip); loads the MKL vendor shim on AMD CPUs
/// (<c>GENAI_MLNET_MKL_VENDOR_SHIM=0</c> to skip).
/// </remarks>
public static class GenerativeRuntime
{
    /// <summary>Prepares the native libraries; idempotent and thread-safe.</summary>
    public static void EnsureLoaded() => TorchNative.EnsureLoaded();

    /// <summary>What the set-up did, one item per line (native library, OpenMP, oneDNN, MKL).</summary>
    public static string Status
    {
        get
        {
            TorchNative.EnsureLoaded();
            return TorchNative.Status;
        }
    }
}
