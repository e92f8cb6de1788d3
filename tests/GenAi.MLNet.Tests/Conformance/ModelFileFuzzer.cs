using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.ML;

namespace GenAi.MLNet.Tests.Conformance;

/// <summary>How a model file is damaged or altered.</summary>
public enum MutationKind
{
    /// <summary>One random bit of the file flipped.</summary>
    BitFlip,

    /// <summary>One random byte of the file replaced.</summary>
    ByteSet,

    /// <summary>The file cut at a random length.</summary>
    Truncate,

    /// <summary>An entry written twice.</summary>
    DuplicateEntry,

    /// <summary>An entry removed.</summary>
    RemoveEntry,

    /// <summary>An entry replaced by the same-named entry of another model (valid on its own).</summary>
    ForeignEntry,

    /// <summary>A GenAi.MLNet entry's stated length changed, the zip rewritten consistently.</summary>
    EntryLength,

    /// <summary>A value in a JSON entry changed, with the entry's hash and the manifest updated to match (a deliberate edit, not damage).</summary>
    ConsistentJsonEdit,
}

/// <summary>What loading (and using) a mutated file gave.</summary>
public enum FuzzOutcome
{
    /// <summary>An error of a documented kind (the file is reported damaged, altered or invalid).</summary>
    Rejected,

    /// <summary>Loaded, and gives the original outputs (the change touched nothing that matters, e.g. a timestamp).</summary>
    Identical,

    /// <summary>A deliberate, consistent edit loaded as a valid other model: finite outputs.</summary>
    ValidVariant,

    /// <summary>Loaded and gives other outputs although the change was damage: must never happen.</summary>
    SilentlyDifferent,

    /// <summary>Did not finish within the time limit: must never happen.</summary>
    Hang,

    /// <summary>An exception of a kind that signals a bug (null reference, index out of range, out of memory...): must never happen.</summary>
    Crash,
}

/// <summary>A mutated model file.</summary>
/// <param name="Kind">The mutation.</param>
/// <param name="Description">Where and what, for reports.</param>
/// <param name="Bytes">The file's new content.</param>
public sealed record Mutation(MutationKind Kind, string Description, byte[] Bytes)
{
    /// <summary>Deliberate edits may load as a valid other model; damage may not.</summary>
    public bool Deliberate => Kind is MutationKind.ConsistentJsonEdit;
}

/// <summary>Makes mutated copies of a saved model and classifies what loading them gives.</summary>
public static class ModelFileFuzzer
{
    private const int EntryMagic = 0x47414D4C;
    private static readonly string[] s_ourEntries = ["Options.json", "Inputs.json", "Model.json", "State.json", "History.json", "TSModel", "Manifest.json"];

    private static readonly Type[] s_clearErrors =
    [
        typeof(InvalidDataException), typeof(FormatException), typeof(InvalidOperationException), typeof(NotSupportedException),
        typeof(EndOfStreamException), typeof(IOException),
    ];

    /// <summary>A random mutation of <paramref name="original"/>; <paramref name="foreign"/> is another model's file of the same family.</summary>
    public static Mutation Mutate(byte[] original, byte[] foreign, Random random)
    {
        var kind = (MutationKind)random.Next(Enum.GetValues<MutationKind>().Length);
        return Mutate(kind, original, foreign, random);
    }

    public static Mutation Mutate(MutationKind kind, byte[] original, byte[] foreign, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (kind)
        {
            case MutationKind.BitFlip:
                {
                    var at = random.Next(bytes.Length);
                    var bit = random.Next(8);
                    bytes[at] ^= (byte)(1 << bit);
                    return new Mutation(kind, $"bit {bit} of byte {at} ({Where(original, at)})", bytes);
                }

            case MutationKind.ByteSet:
                {
                    var at = random.Next(bytes.Length);
                    var value = (byte)random.Next(256);
                    if (value == bytes[at])
                    {
                        value ^= 0xFF;
                    }

                    bytes[at] = value;
                    return new Mutation(kind, $"byte {at} set to {value} ({Where(original, at)})", bytes);
                }

            case MutationKind.Truncate:
                {
                    var length = random.Next(bytes.Length);
                    return new Mutation(kind, $"cut to {length} of {bytes.Length} bytes", bytes[..length]);
                }

            case MutationKind.DuplicateEntry:
                {
                    var names = EntryNames(original);
                    var name = names[random.Next(names.Count)];
                    return new Mutation(kind, $"'{name}' twice", Rewrite(original, (entries, _) => entries.Add((name, entries.First(e => e.Name == name).Data))));
                }

            case MutationKind.RemoveEntry:
                {
                    var names = EntryNames(original);
                    var name = names[random.Next(names.Count)];
                    return new Mutation(kind, $"'{name}' removed", Rewrite(original, (entries, _) => entries.RemoveAll(e => e.Name == name)));
                }

            case MutationKind.ForeignEntry:
                {
                    var foreignEntries = ReadEntries(foreign).ToDictionary(e => e.Name, e => e.Data);
                    var names = EntryNames(original).Where(n => foreignEntries.ContainsKey(n) && !foreignEntries[n].AsSpan().SequenceEqual(ReadEntries(original).First(e => e.Name == n).Data)).ToList();
                    if (names.Count == 0)
                    {
                        return Mutate(MutationKind.BitFlip, original, foreign, random);
                    }

                    var name = names[random.Next(names.Count)];
                    return new Mutation(kind, $"'{name}' from another model", Rewrite(original, (entries, _) =>
                    {
                        var i = entries.FindIndex(e => e.Name == name);
                        entries[i] = (name, foreignEntries[name]);
                    }));
                }

            case MutationKind.EntryLength:
                {
                    var ours = EntryNames(original).Where(IsOurs).ToList();
                    var name = ours[random.Next(ours.Count)];
                    long[] lengths = [-1, 0, 0x7FFFFFF0, 1L << 30, long.MaxValue, -1L << 40];
                    var chosen = random.Next(lengths.Length + 2);
                    return new Mutation(kind, $"'{name}' states length #{chosen}", Rewrite(original, (entries, _) =>
                    {
                        var i = entries.FindIndex(e => e.Name == name);
                        var data = (byte[])entries[i].Data.Clone();
                        var real = BitConverter.ToInt64(data, 4);
                        var length = chosen < lengths.Length ? lengths[chosen] : chosen == lengths.Length ? real + 1 : real - 1;
                        BitConverter.GetBytes(length).CopyTo(data, 4);
                        entries[i] = (name, data);
                    }));
                }

            default:
                {
                    var json = EntryNames(original).Where(n => n.EndsWith(".json", StringComparison.Ordinal) && !n.EndsWith("Manifest.json", StringComparison.Ordinal)).ToList();
                    var name = json[random.Next(json.Count)];
                    var description = "";
                    var rewritten = Rewrite(original, (entries, manifestIndex) =>
                    {
                        var i = entries.FindIndex(e => e.Name == name);
                        var node = JsonNode.Parse(Payload(entries[i].Data))!;
                        var leaves = Leaves(node).ToList();
                        if (leaves.Count == 0)
                        {
                            return;
                        }

                        var (parent, key) = leaves[random.Next(leaves.Count)];
                        JsonNode?[] values = [-1, 0, 1e30, 3, 1e-30, "x", null, -1e30];
                        var value = values[random.Next(values.Length)];
                        description = $"'{name}' {key} = {value?.ToJsonString() ?? "null"}";
                        if (parent is JsonObject o)
                        {
                            o[(string)key] = value?.DeepClone();
                        }
                        else if (parent is JsonArray a)
                        {
                            a[(int)key] = value?.DeepClone();
                        }

                        var payload = Encoding.UTF8.GetBytes(node.ToJsonString());
                        entries[i] = (name, Wrap(payload));
                        // The manifest (same folder) gets the new hash, as a deliberate editor would do.
                        var folder = name[..(name.LastIndexOf('/') + 1)];
                        var m = entries.FindIndex(e => e.Name == folder + "Manifest.json");
                        if (m >= 0)
                        {
                            var manifest = JsonNode.Parse(Payload(entries[m].Data))!;
                            manifest["Entries"]![name[folder.Length..]] = Convert.ToHexStringLower(SHA256.HashData(payload));
                            entries[m] = (entries[m].Name, Wrap(Encoding.UTF8.GetBytes(manifest.ToJsonString())));
                        }
                    });
                    return new Mutation(MutationKind.ConsistentJsonEdit, description, rewritten);
                }
        }
    }

    /// <summary>
    /// Loads <paramref name="file"/> (with <c>LoadVerified</c>) and transforms <paramref name="scoring"/>,
    /// within <paramref name="timeout"/>, and classifies the result against <paramref name="expected"/>.
    /// </summary>
    public static (FuzzOutcome Outcome, string Detail) Classify(Mutation mutation, string file, IDataView scoring, string[] columns, List<float[]> expected, TimeSpan timeout,
        Func<string, ITransformer>? load = null)
    {
        load ??= path => new MLContext(1).Model.LoadVerified(path, out _);
        File.WriteAllBytes(file, mutation.Bytes);
        var task = Task.Run(() =>
        {
            var model = load(file);
            return TestData.ReadColumns(model.Transform(scoring), columns);
        });
        try
        {
            if (!task.Wait(timeout))
            {
                return (FuzzOutcome.Hang, mutation.Description);
            }
        }
        catch (AggregateException e)
        {
            var cause = Unwrap(e.InnerException!);
            return s_clearErrors.Any(t => t.IsInstanceOfType(cause)) && cause is not ObjectDisposedException
                ? (FuzzOutcome.Rejected, cause.GetType().Name)
                : (FuzzOutcome.Crash, $"{mutation.Description}: {cause.GetType().Name}: {cause.Message}");
        }

        var actual = task.Result;
        var identical = actual.Count == expected.Count && actual.Zip(expected).All(p => p.First.AsSpan().SequenceEqual(p.Second));
        if (identical)
        {
            return (FuzzOutcome.Identical, mutation.Description);
        }

        return mutation.Deliberate && actual.All(r => r.All(float.IsFinite))
            ? (FuzzOutcome.ValidVariant, mutation.Description)
            : (FuzzOutcome.SilentlyDifferent, mutation.Description);
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is TargetInvocationException { InnerException: { } inner })
        {
            e = inner;
        }

        return e;
    }

    private static bool IsOurs(string name) => s_ourEntries.Any(o => name.EndsWith("/" + o, StringComparison.Ordinal) || name == o);

    private static string Where(byte[] zip, int offset)
    {
        // The entry whose local data covers the offset, from the central directory.
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            var offsets = archive.Entries.Select(e => (e.FullName, Offset: (long?)typeof(ZipArchiveEntry).GetField("_offsetOfLocalHeader", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(e) ?? -1L)).OrderBy(e => e.Offset).ToList();
            var entry = offsets.LastOrDefault(e => e.Offset >= 0 && e.Offset <= offset);
            return entry.FullName is null ? "zip header" : $"in or after '{entry.FullName}'";
        }
        catch (InvalidDataException)
        {
            return "?";
        }
    }

    private static List<string> EntryNames(byte[] zip) => ReadEntries(zip).Select(e => e.Name).ToList();

    private static List<(string Name, byte[] Data)> ReadEntries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(e =>
        {
            using var stream = e.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return (e.FullName, memory.ToArray());
        }).ToList();
    }

    private static byte[] Rewrite(byte[] zip, Action<List<(string Name, byte[] Data)>, int> edit)
    {
        var entries = ReadEntries(zip);
        edit(entries, -1);
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(data);
            }
        }

        return output.ToArray();
    }

    private static byte[] Payload(byte[] entry) => BitConverter.ToInt32(entry, 0) == EntryMagic ? entry[44..] : entry;

    private static byte[] Wrap(byte[] payload)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(EntryMagic);
            writer.Write((long)payload.Length);
            writer.Write(SHA256.HashData(payload));
            writer.Write(payload);
        }

        return memory.ToArray();
    }

    private static IEnumerable<(JsonNode Parent, object Key)> Leaves(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (value is JsonValue)
                    {
                        yield return (o, key);
                    }
                    else if (value is not null)
                    {
                        foreach (var leaf in Leaves(value))
                        {
                            yield return leaf;
                        }
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < Math.Min(a.Count, 8); i++)
                {
                    if (a[i] is JsonValue)
                    {
                        yield return (a, i);
                    }
                    else if (a[i] is { } child)
                    {
                        foreach (var leaf in Leaves(child))
                        {
                            yield return leaf;
                        }
                    }
                }

                break;
        }
    }
}
