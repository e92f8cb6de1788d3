using System;
using Microsoft.ML;

namespace GenAi.MLNet;

/// <summary>Adds <see cref="Generative(MLContext)"/> to <see cref="MLContext"/>.</summary>
public static class MLContextGenerativeExtensions
{
    /// <summary>The catalog of generative-model estimators, data sets and metrics.</summary>
    public static GenerativeCatalog Generative(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        Core.Native.TorchNative.EnsureLoaded();
        return new GenerativeCatalog(mlContext);
    }
}
