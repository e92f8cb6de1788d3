using System;
using System.IO;
using System.IO.Compression;
using GenAi.MLNet.Core.Persistence;
using Microsoft.ML;

namespace GenAi.MLNet;

/// <summary>Model file operations that never leave a partial file behind and never parse a damaged one.</summary>
public static class ModelOperationsCatalogExtensions
{
    /// <summary>
    /// Saves <paramref name="model"/> like <c>mlContext.Model.Save</c>, but atomically: the .zip is written
    /// to a temporary file in the same folder and moved into place only when complete, so a failure
    /// (an exception, a full disk, a killed process) leaves any previous file at <paramref name="filePath"/>
    /// intact. Temporary files that killed saves left next to the target are removed.
    /// </summary>
    public static void SaveAtomic(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, string filePath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        AtomicFile.Write(filePath, stream => catalog.Save(model, inputSchema, stream));
    }

    /// <summary>
    /// Loads a model like <c>mlContext.Model.Load</c>, after checking the whole file first: no entry twice
    /// and every entry's data matching the CRC-32 its zip records. ML.NET parses entries without checksums,
    /// so one damaged byte in an ML.NET entry (its <c>Schema</c> entry, say) can make <c>Model.Load</c> loop
    /// forever; here it is an <see cref="InvalidDataException"/> naming the entry, before anything is parsed.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a zip, is truncated, or an entry is damaged.</exception>
    public static ITransformer LoadVerified(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var bytes = File.ReadAllBytes(filePath);
        try
        {
            using var archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            ZipIntegrity.Verify(archive);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("The model file is damaged", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{filePath}' is not a readable model file: {e.Message}", e);
        }

        return catalog.Load(new MemoryStream(bytes, writable: false), out inputSchema);
    }
}
