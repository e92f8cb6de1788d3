using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace GenAi.MLNet.Core;

/// <summary>
/// Makes TorchSharp's native library loadable on Linux systems whose libstdc++ is older than the one
/// TorchSharp 0.107 was linked against (Debian 12, Ubuntu 22.04: GLIBCXX_3.4.30 while the library
/// asks for GLIBCXX_3.4.32).
/// </summary>
/// <remarks>
/// <para>
/// <c>libLibTorchSharp.so</c> records a requirement on <c>GLIBCXX_3.4.32</c> only because GCC 13's
/// <c>&lt;iostream&gt;</c> emits a marker symbol (<c>_ZSt21ios_base_library_initv</c>) that no
/// relocation uses. When the original library fails to load, a private copy is written whose version
/// requirement for the missing versions is flagged <c>VER_FLG_WEAK</c>; glibc then treats them as
/// optional. The copy is loaded before TorchSharp initialises, so TorchSharp's own load of
/// <c>LibTorchSharp</c> finds it by its soname.
/// </para>
/// <para>
/// Where the original loads (Windows, macOS, Linux with a recent libstdc++) nothing is patched.
/// The call is idempotent and thread-safe; it runs automatically from the library's module
/// initializer, so users never call it themselves unless they touch TorchSharp before any
/// GenAi.MLNet type.
/// </para>
/// </remarks>
public static class TorchNative
{
    private const string TorchSharpLibraryFileName = "libLibTorchSharp.so";
    private static readonly string[] s_libtorchFiles = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];
    private static readonly object s_gate = new();
    private static bool s_done;

    /// <summary>What <see cref="EnsureLoaded"/> did, for diagnostics.</summary>
    public static string Status { get; private set; } = "not attempted";

    /// <summary>Prepares the TorchSharp native library so the first <c>torch</c> call succeeds.</summary>
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
                Status = "nothing to do on this platform";
                s_done = true;
                return;
            }

            var torchSharpDir = FindTorchSharpNativeDirectory();
            if (torchSharpDir is null)
            {
                // TorchSharp will report its own error; nothing we can improve on.
                Status = "libLibTorchSharp.so not found; left to TorchSharp";
                s_done = true;
                return;
            }

            var shim = LoadMklVendorShim();
            var libtorchDir = FindLibTorchDirectory(torchSharpDir);
            if (libtorchDir is not null)
            {
                foreach (var file in s_libtorchFiles)
                {
                    var path = Path.Combine(libtorchDir, file);
                    if (File.Exists(path))
                    {
                        NativeLibrary.Load(path);
                    }
                }
            }

            var original = Path.Combine(torchSharpDir, TorchSharpLibraryFileName);
            if (NativeLibrary.TryLoad(original, out _))
            {
                Status = $"loaded {original} unmodified{shim}";
                s_done = true;
                return;
            }

            var patched = WritePatchedCopy(original);
            try
            {
                NativeLibrary.Load(patched);
            }
            catch (DllNotFoundException e)
            {
                throw new InvalidOperationException(
                    $"TorchSharp's native library could not be loaded from '{original}' nor from the patched copy '{patched}': {e.Message}", e);
            }

            Status = $"loaded patched copy {patched} (libstdc++ version requirements {string.Join(", ", MissingVersions)} marked weak){shim}";
            s_done = true;
        }
    }

    /// <summary>Environment variable: set to 0 to keep the MKL vendor shim off on AMD CPUs.</summary>
    public const string MklVendorShimVariable = "GENAI_MLNET_MKL_VENDOR_SHIM";

    /// <summary>True when the MKL vendor shim (see Native/mkl_vendor_shim.c) was loaded in this process.</summary>
    public static bool MklVendorShimLoaded { get; private set; }

    /// <summary>
    /// On AMD CPUs, loads the embedded MKL vendor shim into the global symbol scope before libtorch, so
    /// libtorch's statically linked oneMKL picks the kernels it would pick on an Intel CPU with the same
    /// instruction sets (about 1.8x faster sgemm measured on a Zen 4 EPYC). Returns a note for <see cref="Status"/>.
    /// </summary>
    private static string LoadMklVendorShim()
    {
        if (Environment.GetEnvironmentVariable(MklVendorShimVariable) == "0" || !IsAmdCpu())
        {
            return "";
        }

        using var resource = typeof(TorchNative).Assembly.GetManifestResourceStream("GenAi.MLNet.Native.libgenai_mkl_vendor_shim.so");
        if (resource is null)
        {
            return "; MKL vendor shim not embedded (built without a C compiler)";
        }

        using var memory = new MemoryStream();
        resource.CopyTo(memory);
        var bytes = memory.ToArray();
        var dir = Path.Combine(CacheRoot(), "GenAi.MLNet", "native", Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]);
        var path = Path.Combine(dir, "libgenai_mkl_vendor_shim.so");
        if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            Directory.CreateDirectory(dir);
            AtomicFile.WriteAllBytes(path, bytes);
        }

        const int RtldNow = 2, RtldGlobal = 0x100;
        if (Dl.Open(path, RtldNow | RtldGlobal) == IntPtr.Zero)
        {
            return "; MKL vendor shim failed to load";
        }

        MklVendorShimLoaded = true;
        return "; MKL vendor shim loaded (AMD CPU)";
    }

    private static bool IsAmdCpu()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").Any(l => l.StartsWith("vendor_id", StringComparison.Ordinal) && l.Contains("AuthenticAMD", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string CacheRoot()
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        return string.IsNullOrEmpty(root) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : root;
    }

    /// <summary>dlopen from glibc (libc.so.6 since glibc 2.34; libdl.so.2 before).</summary>
    private static class Dl
    {
        public static IntPtr Open(string path, int flags)
        {
            try
            {
                return LibC.dlopen(path, flags);
            }
            catch (EntryPointNotFoundException)
            {
                return LibDl.dlopen(path, flags);
            }
        }

        private static class LibC
        {
            [DllImport("libc.so.6", CharSet = CharSet.Ansi, BestFitMapping = false)]
            [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
            public static extern IntPtr dlopen(string fileName, int flags);
        }

        private static class LibDl
        {
            [DllImport("libdl.so.2", CharSet = CharSet.Ansi, BestFitMapping = false)]
            [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
            public static extern IntPtr dlopen(string fileName, int flags);
        }
    }

    /// <summary>The libstdc++ versions this machine lacks that were marked weak.</summary>
    public static IReadOnlyList<string> MissingVersions { get; private set; } = [];

    private static string? FindTorchSharpNativeDirectory()
    {
        foreach (var dir in CandidateDirectories())
        {
            if (File.Exists(Path.Combine(dir, TorchSharpLibraryFileName)))
            {
                return dir;
            }
        }

        return null;
    }

    private static IEnumerable<string> CandidateDirectories()
    {
        const string rid = "runtimes/linux-x64/native";
        var baseDir = AppContext.BaseDirectory;
        yield return Path.Combine(baseDir, rid);
        yield return baseDir;

        var torchAssembly = typeof(TorchSharp.torch).Assembly.Location;
        if (!string.IsNullOrEmpty(torchAssembly))
        {
            var dir = Path.GetDirectoryName(torchAssembly)!;
            yield return dir;
            yield return Path.Combine(dir, rid);
            // NuGet cache layout: torchsharp/<version>/lib/net8.0/TorchSharp.dll
            yield return Path.GetFullPath(Path.Combine(dir, "..", "..", rid));
        }

        var version = TorchSharpPackageVersion();
        foreach (var root in NuGetRoots())
        {
            yield return Path.Combine(root, "torchsharp", version, rid);
        }
    }

    private static string? FindLibTorchDirectory(string torchSharpDir)
    {
        if (File.Exists(Path.Combine(torchSharpDir, "libtorch_cpu.so")))
        {
            return torchSharpDir;
        }

        var baseDir = Path.Combine(AppContext.BaseDirectory, "runtimes/linux-x64/native");
        if (File.Exists(Path.Combine(baseDir, "libtorch_cpu.so")))
        {
            return baseDir;
        }

        // NuGet cache: <root>/torchsharp/<v>/runtimes/linux-x64/native -> <root>/libtorch-cpu-linux-x64/<v>/...
        var roots = new List<string>();
        var maybeRoot = Path.GetFullPath(Path.Combine(torchSharpDir, "..", "..", "..", ".."));
        roots.Add(maybeRoot);
        roots.AddRange(NuGetRoots());
        foreach (var root in roots.Distinct())
        {
            var packageDir = Path.Combine(root, "libtorch-cpu-linux-x64");
            if (!Directory.Exists(packageDir))
            {
                continue;
            }

            foreach (var versionDir in Directory.GetDirectories(packageDir).OrderDescending(StringComparer.Ordinal))
            {
                var native = Path.Combine(versionDir, "runtimes", "linux-x64", "native");
                if (File.Exists(Path.Combine(native, "libtorch_cpu.so")))
                {
                    return native;
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> NuGetRoots()
    {
        var env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(env))
        {
            yield return env;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home))
        {
            yield return Path.Combine(home, ".nuget", "packages");
        }
    }

    private static string TorchSharpPackageVersion()
    {
        var info = typeof(TorchSharp.torch).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.107.0";
        var plus = info.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 ? info[..plus] : info;
    }

    private static string WritePatchedCopy(string original)
    {
        var bytes = File.ReadAllBytes(original);
        var available = AvailableLibStdCxxVersions();
        var patchedNames = ElfVersionPatcher.MarkRequirementsWeak(
            bytes, name => name.StartsWith("GLIBCXX_", StringComparison.Ordinal)
                    && (available is null ? name is "GLIBCXX_3.4.31" or "GLIBCXX_3.4.32" : !available.Contains(name)));
        MissingVersions = patchedNames;

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var dir = Path.Combine(CacheRoot(), "GenAi.MLNet", "native", hash);
        var target = Path.Combine(dir, TorchSharpLibraryFileName);
        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes))
        {
            return target;
        }

        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllBytes(target, bytes);
        return target;
    }

    /// <summary>Version names (e.g. GLIBCXX_3.4.30) that the process's libstdc++ defines, or null if unknown.</summary>
    private static HashSet<string>? AvailableLibStdCxxVersions()
    {
        foreach (var candidate in new[]
                 {
                     "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
                     "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
                 })
        {
            if (File.Exists(candidate))
            {
                return ElfVersionPatcher.DefinedVersions(File.ReadAllBytes(candidate));
            }
        }

        return null;
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
            Status = "failed: " + e.Message;
        }
    }
}
