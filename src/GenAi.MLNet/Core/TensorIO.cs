using System;
using System.IO;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Core;

/// <summary>Copies between managed buffers, streams and tensors.</summary>
internal static class TensorIO
{
    /// <summary>A new float tensor of <paramref name="shape"/> holding a copy of <paramref name="values"/>, on <paramref name="device"/>.</summary>
    public static Tensor FromSpan(ReadOnlySpan<float> values, long[] shape, Device device)
    {
        var t = empty(shape, ScalarType.Float32);
        t.data<float>().CopyFrom(values, 0, 0);
        return device.type == DeviceType.CPU ? t : t.to(device);
    }

    /// <summary>A new int64 tensor holding <paramref name="values"/>, on <paramref name="device"/>.</summary>
    public static Tensor FromIndices(ReadOnlySpan<int> values, Device device)
    {
        var longs = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            longs[i] = values[i];
        }

        var t = tensor(longs);
        return device.type == DeviceType.CPU ? t : t.to(device);
    }

    /// <summary>Copies a float tensor (any device, any layout) into <paramref name="destination"/>, row-major.</summary>
    /// <remarks>
    /// A straight memory copy of the contiguous float32 values (up to the destination's length): TorchSharp's
    /// accessor copies element by element, about 20 ns each, which made reading a model's weights take milliseconds.
    /// </remarks>
    public static void CopyTo(Tensor source, Span<float> destination)
    {
        using var scope = NewDisposeScope();
        var cpu = source.device.type == DeviceType.CPU ? source : source.cpu();
        var contiguous = cpu.contiguous();
        if (contiguous.dtype != ScalarType.Float32)
        {
            contiguous.data<float>().CopyTo(destination, 0, 0);   // throws TorchSharp's own error for the wrong type
            return;
        }

        var count = (int)Math.Min(contiguous.numel(), destination.Length);
        MemoryMarshal.Cast<byte, float>(contiguous.bytes)[..count].CopyTo(destination);   // a span over the tensor's memory
    }

    /// <summary>A row-major copy of a 2-D float tensor as jagged rows.</summary>
    public static float[][] ToRows(Tensor source)
    {
        var rows = (int)source.shape[0];
        var width = (int)(source.numel() / Math.Max(rows, 1));
        var flat = new float[rows * width];
        CopyTo(source, flat);
        var result = new float[rows][];
        for (var i = 0; i < rows; i++)
        {
            result[i] = flat.AsSpan(i * width, width).ToArray();
        }

        return result;
    }

    /// <summary>Writes a tensor's dtype, shape and raw values (CPU copy) for a checkpoint.</summary>
    public static void Write(BinaryWriter writer, Tensor source)
    {
        using var scope = NewDisposeScope();
        var cpu = source.detach().cpu().contiguous();
        writer.Write((int)cpu.dtype);
        writer.Write(cpu.dim());
        foreach (var d in cpu.shape)
        {
            writer.Write(d);
        }

        var bytes = cpu.bytes;
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>Reads what <see cref="Write"/> wrote into <paramref name="target"/>, which must have the same dtype and shape.</summary>
    /// <exception cref="InvalidDataException">The stored tensor does not fit <paramref name="target"/>.</exception>
    public static void ReadInto(BinaryReader reader, Tensor target)
    {
        var dtype = (ScalarType)reader.ReadInt32();
        var rank = reader.ReadInt64();
        if (rank < 0 || rank > 16)
        {
            throw new InvalidDataException($"A stored tensor has rank {rank}.");
        }

        var shape = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            shape[i] = reader.ReadInt64();
        }

        var length = reader.ReadInt32();
        if (dtype != target.dtype || !shape.AsSpan().SequenceEqual(target.shape) || length < 0 || length != target.numel() * target.ElementSize)
        {
            throw new InvalidDataException(
                $"A stored tensor ({dtype} [{string.Join(", ", shape)}]) does not match the model's ({target.dtype} [{string.Join(", ", target.shape)}]).");
        }

        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length)
        {
            throw new EndOfStreamException("A stored tensor is truncated.");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var cpu = empty(shape, dtype);
        cpu.bytes = bytes;
        target.copy_(cpu);
    }

    /// <summary>The bytes of a byte tensor (e.g. a generator's state).</summary>
    public static byte[] Bytes(Tensor source)
    {
        using var scope = NewDisposeScope();
        return source.cpu().contiguous().bytes.ToArray();
    }

    /// <summary>A CPU byte tensor holding <paramref name="bytes"/>.</summary>
    public static Tensor ByteTensor(byte[] bytes)
    {
        var t = empty([bytes.Length], ScalarType.Byte);
        t.bytes = bytes;
        return t;
    }

    internal static ReadOnlySpan<byte> AsBytes(ReadOnlySpan<float> values) => MemoryMarshal.AsBytes(values);

    /// <summary>Writes an optional float tensor's values (a training step's own state, e.g. persistent chains): a flag, the count, the values.</summary>
    public static void WriteOptional(BinaryWriter writer, Tensor? values)
    {
        writer.Write(values is not null);
        if (values is not null)
        {
            var data = new float[values.numel()];
            CopyTo(values, data);
            writer.Write(data.Length);
            foreach (var x in data)
            {
                writer.Write(x);
            }
        }
    }

    /// <summary>Reads what <see cref="WriteOptional"/> wrote, as a detached tensor of <paramref name="shape"/> on <paramref name="device"/>; null when none was written.</summary>
    /// <exception cref="InvalidDataException">The count does not fit the shape (named by <paramref name="what"/>).</exception>
    public static Tensor? ReadOptional(BinaryReader reader, long[] shape, Device device, string what)
    {
        if (!reader.ReadBoolean())
        {
            return null;
        }

        var count = reader.ReadInt32();
        var expected = 1L;
        foreach (var d in shape)
        {
            expected *= d;
        }

        if (count != expected)
        {
            throw new InvalidDataException($"The checkpoint's {what} holds {count} values; this model needs {expected}.");
        }

        var data = new float[count];
        for (var i = 0; i < count; i++)
        {
            data[i] = reader.ReadSingle();
        }

        return tensor(data, shape).to(device).DetachFromDisposeScope();
    }
}
