using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;

namespace GenAi.MLNet.Core.Persistence;

/// <summary>
/// The last entry a GenAi.MLNet transformer saves: which model it is and the SHA-256 of each of its other
/// entries. Loading checks the directory holds exactly these entries (plus ML.NET's own header) and that
/// each matches its hash, so entries are bound to each other: weights or options copied in from another
/// model, duplicated or extra entries are rejected instead of silently changing the model.
/// </summary>
internal sealed class ModelManifest
{
    public const string EntryName = "Manifest.json";

    /// <summary>ML.NET writes its model header here in every model directory.</summary>
    private const string MLNetHeaderEntry = "Model.key";

    public string Signature { get; set; } = "";

    public uint Format { get; set; }

    public Dictionary<string, string> Entries { get; set; } = [];

    public void Save(ModelSaveContext ctx) => ModelEntries.SaveJson(ctx, EntryName, this, typeof(ModelManifest));

    /// <summary>ML.NET's version record of a transformer outside the family kit: one format, written, read and read back.</summary>
    public static VersionInfo StandaloneVersion(string modelSignature, string loaderSignature, uint format, Type loader) => new(
        modelSignature: modelSignature,
        verWrittenCur: format,
        verReadableCur: format,
        verWeCanReadBack: format,
        loaderSignature: loaderSignature,
        loaderAssemblyName: loader.Assembly.FullName);

    /// <summary>
    /// For a transformer outside the family kit: writes the version record and the format word, and returns the manifest
    /// its entries are added to (save it last). <see cref="OpenStandalone"/> reads the same layout back.
    /// </summary>
    public static ModelManifest BeginStandalone(ModelSaveContext ctx, VersionInfo version, uint format)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(version);
        ctx.Writer.Write(format);
        return new ModelManifest { Signature = version.LoaderSignature, Format = format };
    }

    /// <summary>
    /// For a transformer outside the family kit: checks the version record and the format word written after it, the
    /// zip's integrity and the manifest, then returns a loader of verified entries.
    /// </summary>
    public static Func<string, byte[]> OpenStandalone(ModelLoadContext ctx, VersionInfo version, uint format, string modelName)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(version);
        var written = ctx.Reader.ReadUInt32();
        if (written != format)
        {
            throw new InvalidDataException($"This {modelName} file has format 0x{written:X8}; this version of GenAi.MLNet reads 0x{format:X8}.");
        }

        if (ctx.Repository is { } repository)
        {
            ZipIntegrity.Verify(repository);
        }

        return Open(ctx, version.LoaderSignature, format, modelName);
    }

    /// <summary>The tokenizer saved in <paramref name="entryName"/>.</summary>
    public static Text.TextTokenizer ReadTokenizer(Func<string, byte[]> entry, string entryName, string modelName)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            return ModelEntries.FromJson<Text.SavedTokenizer>(entry(entryName), entryName, modelName).ToTokenizer();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The saved {modelName} is invalid: {e.Message}", e);
        }
    }

    /// <summary>Reads and checks the manifest, then returns a loader of entries that verifies each against it.</summary>
    public static Func<string, byte[]> Open(ModelLoadContext ctx, string signature, uint format, string modelName)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var manifest = ModelEntries.FromJson<ModelManifest>(ModelEntries.LoadBytes(ctx, EntryName, modelName), EntryName, modelName);
        if (manifest.Signature != signature || manifest.Format != format || manifest.Entries is null)
        {
            throw new InvalidDataException(
                $"The saved {modelName} model's manifest describes a '{manifest.Signature}' model of format {manifest.Format}; expected '{signature}' format {format}. The file was written by another program or another model's entries were copied in.");
        }

        if (ctx.Repository is { } repository)
        {
            var present = ZipIntegrity.EntriesIn(repository, ctx.Directory);
            var expected = manifest.Entries.Keys.Append(EntryName).Append(MLNetHeaderEntry).ToHashSet(StringComparer.Ordinal);
            var extra = present.Where(n => !expected.Contains(n)).ToList();
            var duplicates = present.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (extra.Count > 0 || duplicates.Count > 0)
            {
                throw new InvalidDataException(
                    $"The saved {modelName} model's folder '{ctx.Directory}' holds entries its manifest does not list ({string.Join(", ", extra.Concat(duplicates).Distinct())}). The file was altered.");
            }
        }

        return name =>
        {
            if (!manifest.Entries.TryGetValue(name, out var hash))
            {
                throw new InvalidDataException($"The saved {modelName} model's manifest does not list '{name}'. The file was written by another program.");
            }

            var bytes = ModelEntries.LoadBytes(ctx, name, modelName);
            if (!string.Equals(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), hash, StringComparison.Ordinal))
            {
                throw new InvalidDataException(
                    $"The saved {modelName} model's '{name}' entry is not the one saved with this model (its hash differs from the manifest). The file was altered.");
            }

            return bytes;
        };
    }
}
