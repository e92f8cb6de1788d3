using System;
using System.IO;

namespace GenAi.MLNet.Core;

/// <summary>
/// The per-user folder where the library keeps what it derives from the machine (a patched copy of
/// TorchSharp's native library, the MKL vendor shim, convolution self-check verdicts):
/// <c>$XDG_CACHE_HOME/GenAi.MLNet</c>, else <c>~/.cache/GenAi.MLNet</c>. Nothing trained on user data
/// is written here unless an option asks for it.
/// </summary>
internal static class CacheDirectory
{
    public static string Root
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(root))
            {
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }

            return Path.Combine(root, "GenAi.MLNet");
        }
    }

    /// <summary>A sub-folder of <see cref="Root"/>.</summary>
    public static string Sub(params string[] parts) => Path.Combine([Root, .. parts]);
}
