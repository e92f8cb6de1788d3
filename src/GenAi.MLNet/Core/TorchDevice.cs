using System;
using TorchSharp;

namespace GenAi.MLNet.Core;

/// <summary>Turns the <c>Device</c> option into a TorchSharp device.</summary>
internal static class TorchDevice
{
    /// <summary>
    /// Parses <c>"cpu"</c>, <c>"cuda"</c>, <c>"cuda:N"</c> or <c>"auto"</c> (CUDA when available, else CPU).
    /// </summary>
    /// <exception cref="ArgumentException">The text is not a device name, or CUDA was asked for and is not available.</exception>
    public static torch.Device Parse(string? device)
    {
        Native.TorchNative.EnsureLoaded();
        var text = (device ?? "cpu").Trim().ToLowerInvariant();
        if (text is "" or "cpu")
        {
            return torch.CPU;
        }

        if (text == "auto")
        {
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        }

        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
            {
                throw new ArgumentException(
                    $"Device '{device}' was requested but CUDA is not available: reference a CUDA build of TorchSharp instead of TorchSharp-cpu, or use \"cpu\".",
                    nameof(device));
            }

            return new torch.Device(text);
        }

        throw new ArgumentException($"Device '{device}' is not one of \"cpu\", \"cuda\", \"cuda:N\", \"auto\".", nameof(device));
    }
}
