using System;
using System.IO;
using GenAi.MLNet.Core.Persistence;

namespace GenAi.MLNet.Data;

/// <summary>Mono 16-bit PCM .wav files (RIFF), written atomically.</summary>
public static class WaveFile
{
    /// <summary>Writes <paramref name="samples"/> (clipped to [−1, 1]) as a mono 16-bit .wav at <paramref name="sampleRate"/> Hz.</summary>
    public static void Write(string path, ReadOnlySpan<float> samples, int sampleRate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        using var memory = new MemoryStream();
        using (var w = new BinaryWriter(memory, System.Text.Encoding.ASCII, leaveOpen: true))
        {
            var data = samples.Length * 2;
            w.Write("RIFF"u8);
            w.Write(36 + data);
            w.Write("WAVE"u8);
            w.Write("fmt "u8);
            w.Write(16);                 // chunk size
            w.Write((short)1);           // PCM
            w.Write((short)1);           // mono
            w.Write(sampleRate);
            w.Write(sampleRate * 2);     // bytes per second
            w.Write((short)2);           // block align
            w.Write((short)16);          // bits per sample
            w.Write("data"u8);
            w.Write(data);
            foreach (var s in samples)
            {
                w.Write((short)Math.Round(Math.Clamp(s, -1f, 1f) * short.MaxValue));
            }
        }

        AtomicFile.WriteAllBytes(path, memory.ToArray());
    }

    /// <summary>Reads a mono 16-bit PCM .wav written by <see cref="Write"/>: the samples in [−1, 1] and the sample rate.</summary>
    /// <exception cref="InvalidDataException">Not a mono 16-bit PCM .wav (named).</exception>
    public static (float[] Samples, int SampleRate) Read(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        if (!r.ReadBytes(4).AsSpan().SequenceEqual("RIFF"u8) || r.ReadInt32() < 36 || !r.ReadBytes(4).AsSpan().SequenceEqual("WAVE"u8)
            || !r.ReadBytes(4).AsSpan().SequenceEqual("fmt "u8) || r.ReadInt32() != 16 || r.ReadInt16() != 1 || r.ReadInt16() != 1)
        {
            throw new InvalidDataException($"'{path}' is not a mono PCM .wav file.");
        }

        var rate = r.ReadInt32();
        r.ReadInt32();
        r.ReadInt16();
        if (r.ReadInt16() != 16 || !r.ReadBytes(4).AsSpan().SequenceEqual("data"u8))
        {
            throw new InvalidDataException($"'{path}' is not a 16-bit PCM .wav file.");
        }

        var count = r.ReadInt32() / 2;
        var samples = new float[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = r.ReadInt16() / (float)short.MaxValue;
        }

        return (samples, rate);
    }
}
