using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using GenAi.MLNet.Core.Persistence;
using GenAi.MLNet.Models.Autoencoders;
using GenAi.MLNet.Models.Gan;
using Microsoft.ML;
using Xunit;

namespace GenAi.MLNet.Tests.Core.Persistence;

/// <summary>Model files under faults: each test is the regression test of a defect found by fuzzing.</summary>
[Collection(TorchCollection.Name)]
public class ModelFileTests
{
    private static readonly Lazy<(string Vae, string OtherVae, string Gan)> s_files = new(() =>
    {
        var data = TestData.Digits.Take(300).ToDataView();
        var vae = new VaeOptions { Epochs = 1, HiddenSizes = [16], LatentDimension = 2 };
        return (
            Save(new MLContext(1).Generative().Vae(vae).Fit(data), data),
            Save(new MLContext(2).Generative().Vae(vae).Fit(data), data),
            Save(new MLContext(1).Generative().Gan(new GanOptions { Epochs = 1, NoiseDimension = 4, GeneratorHiddenSizes = [16], DiscriminatorHiddenSizes = [16] }).Fit(data), data));
    });

    [Fact]
    public async Task A_flipped_byte_in_MLNETs_schema_entry_is_an_error_in_time_not_a_hang()
    {
        // Plain Model.Load parses the Schema entry without checksums and can loop forever inside ML.NET
        // (seen with 18 of 546 single-bit flips there); LoadVerified checks every entry's CRC first.
        var bytes = File.ReadAllBytes(s_files.Value.Vae);
        var (offset, length) = EntryData(bytes, "Schema");
        var failures = 0;
        var trials = 0;
        for (var at = offset; at < offset + length; at += Math.Max(1, length / 40))
        {
            trials++;
            var damaged = (byte[])bytes.Clone();
            damaged[at] ^= 0x08;
            var path = TempFile();
            File.WriteAllBytes(path, damaged);
            var load = Task.Run(() => new MLContext(1).Model.LoadVerified(path, out _));
            var first = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(10)));
            Assert.True(first == load, $"byte {at}: no answer within 10 s");
            if (load.Exception?.InnerException is InvalidDataException)
            {
                failures++;
            }
        }

        Assert.Equal(trials, failures);   // every damaged copy is rejected as damaged
    }

    [Fact]
    public void A_damaged_schema_entry_is_reported_by_name()
    {
        var bytes = File.ReadAllBytes(s_files.Value.Vae);
        var (offset, length) = EntryData(bytes, "Schema");
        bytes[offset + (length / 2)] ^= 0x08;
        var path = TempFile();
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => new MLContext(1).Model.LoadVerified(path, out _));
        Assert.Contains("'Schema'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_from_another_model_of_the_same_shape_are_rejected()
    {
        var path = CopyWithEntry(s_files.Value.Vae, "TSModel", EntryBytes(s_files.Value.OtherVae, "TSModel"));
        var e = Cause(() => new MLContext(1).Model.Load(path, out _));
        Assert.IsType<InvalidDataException>(e);
        Assert.Contains("'TSModel'", e.Message, StringComparison.Ordinal);
        Assert.Contains("manifest", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_VAEs_options_in_a_GANs_file_are_rejected()
    {
        var path = CopyWithEntry(s_files.Value.Gan, "Options.json", EntryBytes(s_files.Value.Vae, "Options.json"));
        Assert.IsType<InvalidDataException>(Cause(() => new MLContext(1).Model.Load(path, out _)));
    }

    [Fact]
    public void Invalid_saved_options_are_rejected_even_when_the_file_is_consistent()
    {
        // A deliberate edit with every hash updated: GaussianSigma -1 would give NaN scores.
        var path = EditJson(s_files.Value.Vae, "Options.json", o =>
        {
            o["Likelihood"] = "Gaussian";
            o["GaussianSigma"] = -1;
        });
        var e = Cause(() => new MLContext(1).Model.Load(path, out _));
        Assert.IsType<InvalidDataException>(e);
        Assert.Contains("GaussianSigma", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_json_from_another_model_is_rejected_and_a_loaded_model_saves_again()
    {
        var path = CopyWithEntry(s_files.Value.Vae, "Model.json", EntryBytes(s_files.Value.OtherVae, "Model.json"));
        Assert.IsType<InvalidDataException>(Cause(() => new MLContext(1).Model.Load(path, out _)));

        var loaded = new MLContext(1).Model.Load(s_files.Value.Vae, out var schema);
        var again = TempFile();
        new MLContext(1).Model.SaveAtomic(loaded, schema, again);
        Assert.NotNull(new MLContext(1).Model.LoadVerified(again, out _));
    }

    [Fact]
    public void A_duplicate_entry_is_rejected()
    {
        var bytes = File.ReadAllBytes(s_files.Value.Vae);
        var path = TempFile();
        using (var output = new MemoryStream())
        {
            using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (name, data) in Entries(bytes).Append(("TransformerChain/Model.json", EntryBytes(s_files.Value.Vae, "Model.json"))))
                {
                    using var stream = archive.CreateEntry(name).Open();
                    stream.Write(data);
                }
            }

            File.WriteAllBytes(path, output.ToArray());
        }

        var verified = Assert.Throws<InvalidDataException>(() => new MLContext(1).Model.LoadVerified(path, out _));
        Assert.Contains("more than once", verified.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidDataException>(Cause(() => new MLContext(1).Model.Load(path, out _)));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(0x7FFFFFF0L)]
    [InlineData(1L << 30)]
    public void An_impossible_entry_length_is_rejected_before_anything_is_allocated(long length)
    {
        var entry = EntryBytes(s_files.Value.Vae, "TSModel");
        BitConverter.GetBytes(length).CopyTo(entry, 4);
        var path = CopyWithEntry(s_files.Value.Vae, "TSModel", entry);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Cause(() => new MLContext(1).Model.Load(path, out _));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.IsType<InvalidDataException>(e);
        Assert.Contains("'TSModel'", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64L << 20, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void The_archive_of_MLNETs_repository_is_reachable()
    {
        // ZipIntegrity reads ML.NET's private RepositoryReader._archive: this fails loudly if a new ML.NET moves it.
        using var stream = File.OpenRead(s_files.Value.Vae);
        using var repository = RepositoryReader.Open(stream, new MLContext(1));
        Assert.NotEmpty(ZipIntegrity.ArchiveOf(repository).Entries);
    }

    private static string Save(ITransformer model, IDataView data)
    {
        var path = TempFile();
        new MLContext(1).Model.Save(model, data.Schema, path);
        return path;
    }

    private static Exception Cause(Action action)
    {
        var e = Assert.ThrowsAny<Exception>(action);
        while (e is TargetInvocationException { InnerException: { } inner })
        {
            e = inner;
        }

        return e;
    }

    private static (string Name, byte[] Data)[] Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return (e.FullName, m.ToArray());
        }).ToArray();
    }

    private static byte[] EntryBytes(string path, string suffix) => Entries(File.ReadAllBytes(path)).First(e => e.Name.EndsWith("/" + suffix, StringComparison.Ordinal)).Data;

    private static string CopyWithEntry(string source, string suffix, byte[] replacement)
    {
        var entries = Entries(File.ReadAllBytes(source)).Select(e => e.Name.EndsWith("/" + suffix, StringComparison.Ordinal) ? (e.Name, replacement) : e).ToArray();
        return Write(entries);
    }

    private static string EditJson(string source, string suffix, Action<JsonObject> edit)
    {
        var entries = Entries(File.ReadAllBytes(source)).ToList();
        var i = entries.FindIndex(e => e.Name.EndsWith("/" + suffix, StringComparison.Ordinal));
        var node = JsonNode.Parse(entries[i].Data.AsSpan(44))!.AsObject();
        edit(node);
        var payload = Encoding.UTF8.GetBytes(node.ToJsonString());
        entries[i] = (entries[i].Name, Wrap(payload));
        var m = entries.FindIndex(e => e.Name.EndsWith("/Manifest.json", StringComparison.Ordinal));
        var manifest = JsonNode.Parse(entries[m].Data.AsSpan(44))!;
        manifest["Entries"]![suffix] = Convert.ToHexStringLower(SHA256.HashData(payload));
        entries[m] = (entries[m].Name, Wrap(Encoding.UTF8.GetBytes(manifest.ToJsonString())));
        return Write(entries);
    }

    private static byte[] Wrap(byte[] payload)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(0x47414D4C);
            writer.Write((long)payload.Length);
            writer.Write(SHA256.HashData(payload));
            writer.Write(payload);
        }

        return memory.ToArray();
    }

    private static string Write(System.Collections.Generic.IEnumerable<(string Name, byte[] Data)> entries)
    {
        var path = TempFile();
        using var file = File.Create(path);
        using var archive = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (name, data) in entries)
        {
            using var stream = archive.CreateEntry(name).Open();
            stream.Write(data);
        }

        return path;
    }

    /// <summary>Offset and length of an entry's (compressed) data in the file.</summary>
    private static (int Offset, int Length) EntryData(byte[] zip, string name)
    {
        for (var i = 0; i + 30 < zip.Length; i++)
        {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4B && zip[i + 2] == 3 && zip[i + 3] == 4)
            {
                var nameLength = BitConverter.ToUInt16(zip, i + 26);
                var extraLength = BitConverter.ToUInt16(zip, i + 28);
                if (Encoding.ASCII.GetString(zip, i + 30, nameLength) == name)
                {
                    return (i + 30 + nameLength + extraLength, BitConverter.ToInt32(zip, i + 18));
                }
            }
        }

        throw new InvalidOperationException($"No entry '{name}'.");
    }

    private static string TempFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "genai-mlnet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, "model.zip");
    }
}
