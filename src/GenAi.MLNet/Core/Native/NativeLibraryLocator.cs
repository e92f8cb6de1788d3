using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace GenAi.MLNet.Core.Native;

/// <summary>
/// Finds TorchSharp's and libtorch's native folders: next to the application (published apps, test
/// output folders) or in the NuGet cache (the notebook kernel loads packages from there).
/// </summary>
internal static class NativeLibraryLocator
{
    public const string TorchSharpLibraryFileName = "libLibTorchSharp.so";

    public static string? FindTorchSharpNativeDirectory()
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

    public static string? FindLibTorchDirectory(string torchSharpDir)
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
}
