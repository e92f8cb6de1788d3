using System;
using GenAi.MLNet.Data;

namespace GenAi.MLNet.Benchmarks;

/// <summary>The PacGAN mixtures the mode-coverage benchmarks run on, by the names their command lines use.</summary>
internal static class Mixtures
{
    public static GaussianMixture ByName(string name) => name switch
    {
        "ring" => GaussianMixture.Ring(),
        "grid" => GaussianMixture.Grid(),
        _ => throw new ArgumentException($"Unknown data '{name}': ring or grid."),
    };
}
