using System;
using Microsoft.ML;

namespace GenAi.MLNet;

/// <summary>Model file operations that never leave a partial file behind.</summary>
public static class ModelOperationsCatalogExtensions
{
    /// <summary>
    /// Saves <paramref name="model"/> like <c>mlContext.Model.Save</c>, but atomically: the .zip is written
    /// to a temporary file in the same folder and moved into place only when complete, so a failure
    /// (an exception, a full disk, a killed process) leaves any previous file at <paramref name="filePath"/> intact.
    /// </summary>
    public static void SaveAtomic(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, string filePath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        Core.AtomicFile.Write(filePath, stream => catalog.Save(model, inputSchema, stream));
    }
}
