using System;
using TorchSharp;

namespace GenAi.MLNet.Core;

/// <summary>
/// Seeding. Weight initialisation in TorchSharp draws from torch's global generator, so modules are
/// built under <see cref="Gate"/> right after <c>manual_seed</c>; everything else (shuffling, noise,
/// sampling) uses a private <see cref="torch.Generator"/> seeded from the same value.
/// </summary>
internal static class TorchRandom
{
    /// <summary>Held while the global torch generator is seeded and a module is built.</summary>
    public static readonly object Gate = new();

    /// <summary>
    /// Builds a module deterministically from <paramref name="seed"/>. The first call on an AVX-512 CPU
    /// also runs the convolution self-check (<see cref="Native.ConvolutionSafety"/>).
    /// </summary>
    public static T Build<T>(int seed, Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Native.ConvolutionSafety.EnsureChecked();
        lock (Gate)
        {
            torch.manual_seed(seed);
            return create();
        }
    }

    /// <summary>A private generator seeded with <paramref name="seed"/>.</summary>
    public static torch.Generator Generator(long seed) => new((ulong)seed, torch.CPU);
}
