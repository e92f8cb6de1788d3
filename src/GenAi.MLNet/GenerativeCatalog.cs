using System;
using Microsoft.ML;

namespace GenAi.MLNet;

/// <summary>
/// The entry point of GenAi.MLNet in ML.NET's style: <c>mlContext.Generative()</c>. Each model family
/// adds its estimators as extension methods on this catalog (see <c>AutoencoderCatalog</c>).
/// </summary>
public sealed class GenerativeCatalog
{
    internal GenerativeCatalog(MLContext mlContext)
    {
        Context = mlContext;
    }

    /// <summary>The ML.NET context: its seed drives every model's seed unless an option sets one.</summary>
    public MLContext Context { get; }
}
