using System;
using System.Runtime.InteropServices;

namespace GenAi.MLNet.Core.Native;

/// <summary>
/// The C library's environment, which native libraries (libgomp, oneDNN) read with <c>getenv</c>.
/// On Unix, <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only .NET's own copy,
/// so settings meant for libtorch go through <c>setenv</c> here, before libtorch is loaded.
/// </summary>
internal static class NativeEnvironment
{
    /// <summary>The variable as native code sees it, or null.</summary>
    public static string? Get(string name)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Environment.GetEnvironmentVariable(name);
        }

        var value = LibC.getenv(name);
        return value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
    }

    /// <summary>Sets the variable for native code and for .NET.</summary>
    public static void Set(string name, string value)
    {
        if (OperatingSystem.IsLinux() && LibC.setenv(name, value, 1) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed.");
        }

        Environment.SetEnvironmentVariable(name, value);
    }

    private static class LibC
    {
        [DllImport("libc.so.6", CharSet = CharSet.Ansi, BestFitMapping = false)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        public static extern IntPtr getenv(string name);

        [DllImport("libc.so.6", CharSet = CharSet.Ansi, BestFitMapping = false)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        public static extern int setenv(string name, string value, int overwrite);
    }
}
