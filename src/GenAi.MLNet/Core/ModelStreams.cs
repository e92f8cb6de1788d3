using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using TorchSharp;

namespace GenAi.MLNet.Core;

/// <summary>
/// Named binary entries inside an ML.NET model .zip (through <see cref="ModelSaveContext"/>), each
/// stored with its length and SHA-256 so that a truncated or corrupted file is reported clearly
/// instead of producing a silently wrong model. TorchSharp weights use the layout Microsoft.ML.TorchSharp
/// uses (<c>module.save</c> into a binary stream).
/// </summary>
internal static class ModelStreams
{
    private const int Magic = 0x47414D4C; // "GAML"

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        IncludeFields = false,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static void SaveBytes(ModelSaveContext ctx, string name, byte[] payload)
    {
        var hash = SHA256.HashData(payload);
        ctx.SaveBinaryStream(name, writer =>
        {
            writer.Write(Magic);
            writer.Write((long)payload.Length);
            writer.Write(hash);
            writer.Write(payload);
        });
    }

    /// <exception cref="InvalidDataException">The entry is missing, truncated or corrupted.</exception>
    public static byte[] LoadBytes(ModelLoadContext ctx, string name, string modelName)
    {
        byte[]? payload = null;
        Exception? failure = null;
        var found = ctx.TryLoadBinaryStream(name, reader =>
        {
            try
            {
                if (reader.ReadInt32() != Magic)
                {
                    throw new InvalidDataException("unknown entry header");
                }

                var length = reader.ReadInt64();
                var hash = reader.ReadBytes(32);
                var bytes = reader.ReadBytes(checked((int)length));
                if (bytes.Length != length || hash.Length != 32)
                {
                    throw new InvalidDataException($"entry is truncated ({bytes.Length} of {length} bytes)");
                }

                if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(hash))
                {
                    throw new InvalidDataException("checksum mismatch");
                }

                payload = bytes;
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException or OverflowException or IOException)
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

    public static void SaveJson<T>(ModelSaveContext ctx, string name, T value)
        => SaveBytes(ctx, name, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, Json)));

    public static void SaveJson(ModelSaveContext ctx, string name, object value, Type type)
        => SaveBytes(ctx, name, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, type, Json)));

    public static object LoadJson(ModelLoadContext ctx, string name, Type type, string modelName)
    {
        var bytes = LoadBytes(ctx, name, modelName);
        return JsonSerializer.Deserialize(bytes, type, Json)
            ?? throw new InvalidDataException($"The saved {modelName} model's '{name}' entry is empty.");
    }

    public static T LoadJson<T>(ModelLoadContext ctx, string name, string modelName)
    {
        var bytes = LoadBytes(ctx, name, modelName);
        return JsonSerializer.Deserialize<T>(bytes, Json)
            ?? throw new InvalidDataException($"The saved {modelName} model's '{name}' entry is empty.");
    }

    /// <summary>A deep copy of an options object (through JSON; callbacks and tokens are not copied).</summary>
    public static T Clone<T>(T value)
        where T : class
        => (T)JsonSerializer.Deserialize(JsonSerializer.Serialize(value, value.GetType(), Json), value.GetType(), Json)!;

    public static byte[] ModuleToBytes(torch.nn.Module module)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            module.save(writer);
        }

        return stream.ToArray();
    }

    public static void BytesToModule(torch.nn.Module module, byte[] bytes, string modelName)
    {
        try
        {
            using var stream = new MemoryStream(bytes);
            using var reader = new BinaryReader(stream);
            module.load(reader, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"The saved {modelName} weights do not match the network described by its options: {e.Message}", e);
        }
    }

    public static void SaveModule(ModelSaveContext ctx, string name, torch.nn.Module module)
        => SaveBytes(ctx, name, ModuleToBytes(module));

    public static void LoadModule(ModelLoadContext ctx, string name, torch.nn.Module module, string modelName)
        => BytesToModule(module, LoadBytes(ctx, name, modelName), modelName);
}
