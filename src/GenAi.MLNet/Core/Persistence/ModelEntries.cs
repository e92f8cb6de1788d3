using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using TorchSharp;

namespace GenAi.MLNet.Core.Persistence;

/// <summary>
/// Named binary entries inside an ML.NET model .zip (through <see cref="ModelSaveContext"/>). Each is stored
/// as <c>magic, length, SHA-256, payload</c>; the length is checked against the bytes actually there before
/// anything is allocated, and the hash against the payload, so a truncated or corrupted entry is reported
/// by name instead of producing a silently wrong model. TorchSharp weights use the layout
/// Microsoft.ML.TorchSharp uses (<c>module.save</c> into a binary stream).
/// </summary>
internal static class ModelEntries
{
    private const int Magic = 0x47414D4C; // "GAML"
    private const int HeaderSize = 4 + 8 + 32;

    /// <summary>JSON of every entry: enums as names; unknown members are an error, so an entry of another type is not half-read.</summary>
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        IncludeFields = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes an entry; returns the payload's SHA-256 (hex) for the manifest.</summary>
    public static string SaveBytes(ModelSaveContext ctx, string name, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(payload);
        var hash = SHA256.HashData(payload);
        ctx.SaveBinaryStream(name, writer =>
        {
            writer.Write(Magic);
            writer.Write((long)payload.Length);
            writer.Write(hash);
            writer.Write(payload);
        });
        return Convert.ToHexStringLower(hash);
    }

    /// <exception cref="InvalidDataException">The entry is missing, truncated, too long or corrupted.</exception>
    public static byte[] LoadBytes(ModelLoadContext ctx, string name, string modelName)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        byte[]? payload = null;
        Exception? failure = null;
        var found = ctx.TryLoadBinaryStream(name, reader =>
        {
            try
            {
                payload = Read(reader);
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException or OverflowException or IOException or NotSupportedException)
            {
                failure = e;
            }
        });
        if (!found)
        {
            throw new InvalidDataException($"The saved {modelName} model has no '{name}' entry: the file is incomplete or was written by another program.");
        }

        if (failure is not null || payload is null)
        {
            throw new InvalidDataException($"The saved {modelName} model's '{name}' entry is corrupted ({failure?.Message ?? "unreadable"}). Save the model again.", failure);
        }

        return payload;
    }

    private static byte[] Read(BinaryReader reader)
    {
        var stream = reader.BaseStream;
        var available = stream.CanSeek ? stream.Length - stream.Position : long.MaxValue;
        if (available < HeaderSize)
        {
            throw new InvalidDataException($"entry is truncated ({available} bytes, shorter than its header)");
        }

        if (reader.ReadInt32() != Magic)
        {
            throw new InvalidDataException("unknown entry header");
        }

        var length = reader.ReadInt64();
        var hash = reader.ReadBytes(32);
        available -= HeaderSize;
        if (length < 0 || length > Array.MaxLength)
        {
            throw new InvalidDataException($"entry header states an impossible length ({length})");
        }

        if (length > available)
        {
            throw new InvalidDataException($"entry is truncated ({available} of {length} bytes)");
        }

        if (length < available)
        {
            throw new InvalidDataException($"entry has {available - length} bytes after its stated length ({length})");
        }

        var bytes = reader.ReadBytes((int)length);
        if (bytes.Length != length)
        {
            throw new InvalidDataException($"entry is truncated ({bytes.Length} of {length} bytes)");
        }

        if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(hash))
        {
            throw new InvalidDataException("checksum mismatch");
        }

        return bytes;
    }

    public static string SaveJson(ModelSaveContext ctx, string name, object value, Type type)
        => SaveBytes(ctx, name, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, type, Json)));

    public static T FromJson<T>(byte[] bytes, string name, string modelName)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json)
                ?? throw new InvalidDataException($"The saved {modelName} model's '{name}' entry is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The saved {modelName} model's '{name}' entry is not what this model type stores ({e.Message}).", e);
        }
    }

    public static object FromJson(byte[] bytes, Type type, string name, string modelName)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type, Json)
                ?? throw new InvalidDataException($"The saved {modelName} model's '{name}' entry is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The saved {modelName} model's '{name}' entry is not what this model type stores ({e.Message}).", e);
        }
    }

    /// <summary>A deep copy of an options object through JSON (callbacks and tokens are not copied).</summary>
    public static T Clone<T>(T value)
        where T : class
        => (T)JsonSerializer.Deserialize(JsonSerializer.Serialize(value, value.GetType(), Json), value.GetType(), Json)!;

    public static byte[] ModuleToBytes(torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            module.save(writer);
        }

        return stream.ToArray();
    }

    public static void BytesToModule(torch.nn.Module module, byte[] bytes, string modelName)
    {
        ArgumentNullException.ThrowIfNull(module);
        try
        {
            using var stream = new MemoryStream(bytes);
            using var reader = new BinaryReader(stream);
            module.load(reader, strict: true);
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException($"{stream.Length - stream.Position} bytes after the last weight");
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException or IOException or OverflowException or OutOfMemoryException or FormatException)
        {
            throw new InvalidDataException($"The saved {modelName} weights do not match the network described by its options: {e.Message}", e);
        }
    }
}
