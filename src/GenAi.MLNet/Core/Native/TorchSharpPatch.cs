using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using GenAi.MLNet.Core.Persistence;

namespace GenAi.MLNet.Core.Native;

/// <summary>
/// Writes a copy of TorchSharp's <c>libLibTorchSharp.so</c> whose requirements on libstdc++ versions this
/// machine lacks are marked weak (see <see cref="TorchNative"/> for why that is safe).
/// </summary>
internal static class TorchSharpPatch
{
    /// <summary>The libstdc++ versions this machine lacks that were marked weak.</summary>
    public static IReadOnlyList<string> MissingVersions { get; private set; } = [];

    /// <summary>Writes (or reuses) the patched copy in the cache folder; returns its path.</summary>
    public static string WritePatchedCopy(string original)
    {
        var bytes = File.ReadAllBytes(original);
        var available = AvailableLibStdCxxVersions();
        var patchedNames = ElfVersionPatcher.MarkRequirementsWeak(
            bytes, name => name.StartsWith("GLIBCXX_", StringComparison.Ordinal)
                    && (available is null ? name is "GLIBCXX_3.4.31" or "GLIBCXX_3.4.32" : !available.Contains(name)));
        MissingVersions = patchedNames;

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var dir = CacheDirectory.Sub("native", hash);
        var target = Path.Combine(dir, NativeLibraryLocator.TorchSharpLibraryFileName);
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
}
