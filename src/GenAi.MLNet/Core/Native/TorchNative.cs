using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenAi.MLNet.Core.Native;

/// <summary>
/// Prepares libtorch and TorchSharp's native library so that the first <c>torch</c> call succeeds and
/// training runs well on this machine.
/// </summary>
/// <remarks>
/// <para>
/// In order, before any TorchSharp type initialiser touches native code: OpenMP idle threads are told to
/// spin only briefly before they sleep (<see cref="OpenMpWaitPolicy"/>); oneDNN's ISA is capped where its AVX-512
/// convolutions are known to fail (<see cref="ConvolutionSafety"/>); on AMD CPUs the MKL vendor shim is
/// loaded (<see cref="MklVendorShim"/>); libtorch is loaded; then TorchSharp's own native library.
/// </para>
/// <para>
/// TorchSharp 0.107's <c>libLibTorchSharp.so</c> records a requirement on <c>GLIBCXX_3.4.32</c> only
/// because GCC 13's <c>&lt;iostream&gt;</c> emits a marker symbol (<c>_ZSt21ios_base_library_initv</c>)
/// that no relocation uses. When the original library fails to load (Debian 12, Ubuntu 22.04), a private
/// copy whose requirements on the missing versions are flagged <c>VER_FLG_WEAK</c> is written and loaded
/// (<see cref="TorchSharpPatch"/>); glibc then treats them as optional, and TorchSharp's own load of
/// <c>LibTorchSharp</c> finds it by its soname. Where the original loads, nothing is patched.
/// </para>
/// <para>
/// The call is idempotent and thread-safe; it runs from the library's module initializer, so apps, tests
/// and notebooks need no step unless they touch TorchSharp before any GenAi.MLNet type (then they call
/// <see cref="GenerativeRuntime.EnsureLoaded"/> first).
/// </para>
/// </remarks>
internal static class TorchNative
{
    private static readonly string[] s_libtorchFiles = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];
    private static readonly object s_gate = new();
    private static readonly List<string> s_notes = [];
    private static bool s_done;

    /// <summary>What <see cref="EnsureLoaded"/> did, one item per line.</summary>
    public static string Status
    {
        get
        {
            lock (s_gate)
            {
                return s_notes.Count == 0 ? "not attempted" : string.Join(Environment.NewLine, s_notes.Append(ConvolutionSafety.Status));
            }
        }
    }

    /// <summary>How TorchSharp's native library was loaded (starts with "loaded" on success).</summary>
    public static string LoadStatus { get; private set; } = "not attempted";

    /// <summary>Prepares the native libraries so the first <c>torch</c> call succeeds.</summary>
    /// <exception cref="InvalidOperationException">The native library cannot be found or patched; the
    /// message names the files that were tried.</exception>
    public static void EnsureLoaded()
    {
        lock (s_gate)
        {
            if (s_done)
            {
                return;
            }

            if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            {
                Done("nothing to do on this platform");
                return;
            }

            var torchSharpDir = NativeLibraryLocator.FindTorchSharpNativeDirectory();
            if (torchSharpDir is null)
            {
                // TorchSharp will report its own error; nothing we can improve on.
                Done("libLibTorchSharp.so not found; left to TorchSharp");
                return;
            }

            var cpu = CpuInfo.Current;
            var libtorchDir = NativeLibraryLocator.FindLibTorchDirectory(torchSharpDir);
            s_notes.Add(OpenMpWaitPolicy.Apply());
            ConvolutionSafety.Prepare(cpu, LibTorchIdentity(libtorchDir));
            var shim = MklVendorShim.Load(cpu);
            if (shim.Length > 0)
            {
                s_notes.Add(shim);
            }

            if (libtorchDir is not null)
            {
                foreach (var file in s_libtorchFiles)
                {
                    var path = Path.Combine(libtorchDir, file);
                    if (File.Exists(path))
                    {
                        var handle = NativeLibrary.Load(path);
                        if (file == "libtorch_cpu.so")
                        {
                            LibTorchContext.Attach(handle);
                        }
                    }
                }
            }

            var original = Path.Combine(torchSharpDir, NativeLibraryLocator.TorchSharpLibraryFileName);
            if (NativeLibrary.TryLoad(original, out _))
            {
                Done($"loaded {original} unmodified");
                return;
            }

            var patched = TorchSharpPatch.WritePatchedCopy(original);
            try
            {
                NativeLibrary.Load(patched);
            }
            catch (DllNotFoundException e)
            {
                throw new InvalidOperationException(
                    $"TorchSharp's native library could not be loaded from '{original}' nor from the patched copy '{patched}': {e.Message}", e);
            }

            Done($"loaded patched copy {patched} (libstdc++ version requirements {string.Join(", ", TorchSharpPatch.MissingVersions)} marked weak)");
        }
    }

    private static void Done(string load)
    {
        LoadStatus = load;
        s_notes.Insert(0, load);
        s_done = true;
    }

    private static string LibTorchIdentity(string? libtorchDir)
    {
        var path = libtorchDir is null ? null : Path.Combine(libtorchDir, "libtorch_cpu.so");
        return path is not null && File.Exists(path) ? $"{Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(libtorchDir))))}|{new FileInfo(path).Length}" : "unknown libtorch";
    }

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "TorchSharp's native library must be prepared before any TorchSharp type initialiser runs; see the class remarks.")]
    internal static void Initialize()
    {
        try
        {
            EnsureLoaded();
        }
#pragma warning disable CA1031 // A module initializer must not throw: TorchSharp reports its own error later.
        catch (Exception e)
#pragma warning restore CA1031
        {
            lock (s_gate)
            {
                LoadStatus = "failed: " + e.Message;
                s_notes.Insert(0, LoadStatus);
            }
        }
    }
}
