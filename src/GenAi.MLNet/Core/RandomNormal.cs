using System;

namespace GenAi.MLNet.Core;

/// <summary>Standard normal draws from a seeded <see cref="Random"/> (Box–Muller), for the samplers that work without torch.</summary>
internal static class RandomNormal
{
    /// <summary>One draw from N(0, 1): two uniforms, the radius's first.</summary>
    public static double NextNormal(this Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
