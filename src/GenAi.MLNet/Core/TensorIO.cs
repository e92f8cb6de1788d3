using System;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Core;

/// <summary>Copies between managed float buffers and tensors.</summary>
internal static class TensorIO
{
    /// <summary>A new float tensor of <paramref name="shape"/> holding a copy of <paramref name="values"/>, on <paramref name="device"/>.</summary>
    public static Tensor FromSpan(ReadOnlySpan<float> values, long[] shape, Device device)
    {
        var t = empty(shape, ScalarType.Float32);
        t.data<float>().CopyFrom(values, 0, 0);
        return device.type == DeviceType.CPU ? t : t.to(device);
    }

    /// <summary>Copies a float tensor (any device, any layout) into <paramref name="destination"/>, row-major.</summary>
    public static void CopyTo(Tensor source, Span<float> destination)
    {
        using var scope = NewDisposeScope();
        var cpu = source.device.type == DeviceType.CPU ? source : source.cpu();
        var contiguous = cpu.contiguous();
        contiguous.data<float>().CopyTo(destination, 0, 0);
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
}
