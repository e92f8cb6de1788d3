using System;
using System.Linq;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Data;

/// <summary>Shape of a float vector column: its length and, when known, its dimensions, e.g. <c>(1, 28, 28)</c>.</summary>
/// <param name="Size">Number of values per row.</param>
/// <param name="Dimensions">The vector's dimensions, or a single entry equal to <paramref name="Size"/>.</param>
public sealed record VectorShape(int Size, int[] Dimensions)
{
    /// <summary>The image shape (channels, height, width) when the dimensions describe one, else null.</summary>
    public (int Channels, int Height, int Width)? Image => Dimensions.Length switch
    {
        3 => (Dimensions[0], Dimensions[1], Dimensions[2]),
        2 => (1, Dimensions[0], Dimensions[1]),
        _ => null,
    };

    /// <summary>The ML.NET vector type with these dimensions.</summary>
    public VectorDataViewType ToVectorType() => new(NumberDataViewType.Single, Dimensions);

    /// <summary>A vector shape from an ML.NET type.</summary>
    public static VectorShape From(VectorDataViewType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new VectorShape(type.Size, type.Dimensions.ToArray());
    }

    /// <summary>An image shape.</summary>
    public static VectorShape ForImage(int channels, int height, int width)
        => new(channels * height * width, [channels, height, width]);
}
