using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Tests.Conformance;

/// <summary>A transformer whose save fails half-way, to check that saving is atomic.</summary>
internal sealed class FailingTransformer : ITransformer
{
    public bool IsRowToRowMapper => false;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException();

    public IDataView Transform(IDataView input) => input;

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new IOException("Simulated failure while writing the model (e.g. disk full).");
}

/// <summary>Damages one entry of a saved model .zip while keeping the zip itself valid.</summary>
internal static class ModelFileCorruptor
{
    public static void CorruptEntry(string path, string entrySuffix)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.Entries.First(e => e.FullName.EndsWith(entrySuffix, StringComparison.Ordinal));
        byte[] bytes;
        using (var stream = entry.Open())
        using (var memory = new MemoryStream())
        {
            stream.CopyTo(memory);
            bytes = memory.ToArray();
        }

        for (var i = bytes.Length / 2; i < (bytes.Length / 2) + 16; i++)
        {
            bytes[i] ^= 0x5A;
        }

        var name = entry.FullName;
        entry.Delete();
        using var output = zip.CreateEntry(name).Open();
        output.Write(bytes);
    }
}
