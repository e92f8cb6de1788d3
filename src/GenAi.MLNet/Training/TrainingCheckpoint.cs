using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Persistence;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training;

/// <summary>
/// A training checkpoint file: the weights and buffers, each optimizer's state, the private and the global
/// random-number generators, the family's own state, the trainer's state and the history so far — all
/// that an interrupted run needs to continue exactly as if it had not stopped. Written atomically and
/// closed by a SHA-256 of its content; it records a fingerprint of the options and data it belongs to.
/// </summary>
internal static class TrainingCheckpoint
{
    private const int Magic = 0x4B434147; // "GACK"
    private const int Version = 1;

    public static void Save(string path, string fingerprint, ITrainableModel model, torch.Generator generator, TrainerState state, TrainingHistory history)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(fingerprint);
            writer.Write(state.Epoch);
            writer.Write(state.Step);
            writer.Write(state.Best);
            writer.Write(state.BestEpoch);
            writer.Write(state.SinceImprovement);
            WriteBlock(writer, JsonSerializer.SerializeToUtf8Bytes(history, ModelEntries.Json));
            WriteBlock(writer, ModelEntries.ModuleToBytes(model.Module));
            writer.Write(model.Optimizers.Count);
            foreach (var optimizer in model.Optimizers)
            {
                optimizer.SaveState(writer);
            }

            using (var generatorState = generator.get_state())
            {
                WriteBlock(writer, TensorIO.Bytes(generatorState));
            }

            using (var globalState = torch.get_rng_state())
            {
                WriteBlock(writer, TensorIO.Bytes(globalState));
            }

            using (var family = new MemoryStream())
            {
                using (var familyWriter = new BinaryWriter(family, Encoding.UTF8, leaveOpen: true))
                {
                    model.SaveState(familyWriter);
                }

                WriteBlock(writer, family.ToArray());
            }

            writer.Write(state.BestWeights?.Count ?? -1);
            if (state.BestWeights is not null)
            {
                foreach (var (name, tensor) in state.BestWeights)
                {
                    writer.Write(name);
                    TensorIO.Write(writer, tensor);
                }
            }
        }

        var bytes = body.ToArray();
        var hash = SHA256.HashData(bytes);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(bytes);
            stream.Write(hash);
        });
    }

    /// <summary>
    /// Restores a checkpoint into <paramref name="model"/>, <paramref name="generator"/> and the global generator;
    /// returns the trainer's state and history, or null when there is no file.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is damaged or not a checkpoint.</exception>
    /// <exception cref="InvalidOperationException">The checkpoint belongs to other options or data.</exception>
    public static (TrainerState State, TrainingHistory History)? TryRestore(string path, string fingerprint, ITrainableModel model, torch.Generator generator)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var file = File.ReadAllBytes(path);
        if (file.Length < 32 + 8 || !SHA256.HashData(file.AsSpan(0, file.Length - 32)).AsSpan().SequenceEqual(file.AsSpan(file.Length - 32)))
        {
            throw new InvalidDataException($"The checkpoint '{path}' is damaged (its checksum does not match). Delete it to start training afresh.");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(file, 0, file.Length - 32), Encoding.UTF8);
            if (reader.ReadInt32() != Magic || reader.ReadInt32() != Version)
            {
                throw new InvalidDataException($"'{path}' is not a GenAi.MLNet training checkpoint of this version.");
            }

            if (reader.ReadString() != fingerprint)
            {
                throw new InvalidOperationException(
                    $"The checkpoint '{path}' was written by a training run with other options or other data. Delete it, or set CheckpointPath to another file.");
            }

            var state = new TrainerState
            {
                Epoch = reader.ReadInt32(),
                Step = reader.ReadInt64(),
                Best = reader.ReadDouble(),
                BestEpoch = reader.ReadInt32(),
                SinceImprovement = reader.ReadInt32(),
            };
            var history = JsonSerializer.Deserialize<TrainingHistory>(ReadBlock(reader), ModelEntries.Json)
                ?? throw new InvalidDataException($"The checkpoint '{path}' has no history.");
            ModelEntries.BytesToModule(model.Module, ReadBlock(reader), "checkpoint");
            var optimizers = reader.ReadInt32();
            if (optimizers != model.Optimizers.Count)
            {
                throw new InvalidDataException($"The checkpoint '{path}' holds {optimizers} optimizers; the model has {model.Optimizers.Count}.");
            }

            foreach (var optimizer in model.Optimizers)
            {
                optimizer.LoadState(reader);
            }

            using (var generatorState = TensorIO.ByteTensor(ReadBlock(reader)))
            {
                generator.set_state(generatorState);
            }

            using (var globalState = TensorIO.ByteTensor(ReadBlock(reader)))
            {
                torch.set_rng_state(globalState);
            }

            using (var family = new BinaryReader(new MemoryStream(ReadBlock(reader)), Encoding.UTF8))
            {
                model.LoadState(family);
            }

            var best = reader.ReadInt32();
            if (best >= 0)
            {
                state.BestWeights = [];
                foreach (var (name, current) in model.Module.state_dict())
                {
                    _ = current;
                    state.BestWeights[name] = zeros_like(current).DetachFromDisposeScope();
                }

                for (var i = 0; i < best; i++)
                {
                    var name = reader.ReadString();
                    if (!state.BestWeights.TryGetValue(name, out var target))
                    {
                        throw new InvalidDataException($"The checkpoint '{path}' holds best weights for '{name}', which the model does not have.");
                    }

                    TensorIO.ReadInto(reader, target);
                }
            }

            return (state, history);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or ArgumentException or FormatException)
        {
            throw new InvalidDataException($"The checkpoint '{path}' cannot be read ({e.Message}). Delete it to start training afresh.", e);
        }
    }

    private static void WriteBlock(BinaryWriter writer, byte[] bytes)
    {
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    private static byte[] ReadBlock(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        var remaining = reader.BaseStream.Length - reader.BaseStream.Position;
        if (length < 0 || length > remaining)
        {
            throw new InvalidDataException($"A checkpoint block states {length} bytes; {remaining} remain.");
        }

        return reader.ReadBytes(length);
    }
}
