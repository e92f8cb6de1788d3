using System;
using System.Runtime.InteropServices;

namespace GenAi.MLNet.Core.Native;

/// <summary>
/// Two switches of libtorch's global <c>at::Context</c> that TorchSharp does not expose, called through
/// their exported C++ symbols in <c>libtorch_cpu.so</c>: whether convolutions may use oneDNN (mkldnn).
/// With oneDNN off, convolutions run on libtorch's own kernels (im2col and oneMKL's sgemm).
/// </summary>
internal static unsafe class LibTorchContext
{
    private static IntPtr s_library;

    /// <summary>Records the loaded <c>libtorch_cpu.so</c> handle (TorchNative loads it).</summary>
    public static void Attach(IntPtr libtorchCpu) => s_library = libtorchCpu;

    /// <summary>True when the exports were found (Linux, libtorch loaded by TorchNative).</summary>
    public static bool Available => TryExports(out _, out _, out _);

    /// <summary>at::globalContext().userEnabledMkldnn(), or null when not available.</summary>
    public static bool? MkldnnEnabled
    {
        get
        {
            if (!TryExports(out var context, out var get, out _))
            {
                return null;
            }

            var ctx = ((delegate* unmanaged<IntPtr>)context)();
            return ((delegate* unmanaged<IntPtr, byte>)get)(ctx) != 0;
        }
    }

    /// <summary>at::globalContext().setUserEnabledMkldnn(enabled); false when not available.</summary>
    public static bool SetMkldnnEnabled(bool enabled)
    {
        if (!TryExports(out var context, out _, out var set))
        {
            return false;
        }

        var ctx = ((delegate* unmanaged<IntPtr>)context)();
        ((delegate* unmanaged<IntPtr, byte, void>)set)(ctx, enabled ? (byte)1 : (byte)0);
        return true;
    }

    private static bool TryExports(out IntPtr context, out IntPtr get, out IntPtr set)
    {
        context = get = set = IntPtr.Zero;
        return s_library != IntPtr.Zero
            && NativeLibrary.TryGetExport(s_library, "_ZN2at13globalContextEv", out context)
            && NativeLibrary.TryGetExport(s_library, "_ZNK2at7Context17userEnabledMkldnnEv", out get)
            && NativeLibrary.TryGetExport(s_library, "_ZN2at7Context20setUserEnabledMkldnnEb", out set);
    }
}
