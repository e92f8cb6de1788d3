using System;

namespace GenAi.MLNet.Core.Columns;

/// <summary>Float rows of a fixed length, row-major: <c>capacity x Size</c>.</summary>
internal sealed class FloatBuffer(int capacity, int size) : ColumnBuffer
{
    public float[] Values { get; } = new float[checked(capacity * size)];

    public int Size { get; } = size;

    public override int Capacity { get; } = capacity;

    public Span<float> Row(int row) => Values.AsSpan(row * Size, Size);

    /// <summary>The first <paramref name="rows"/> rows, row-major.</summary>
    public ReadOnlySpan<float> Rows(int rows) => Values.AsSpan(0, rows * Size);

    public override bool RowEquals(int row, ColumnBuffer other, int otherRow)
        => Row(row).SequenceEqual(((FloatBuffer)other).Row(otherRow));

    public override void CopyRow(int row, ColumnBuffer target, int targetRow) => Row(row).CopyTo(((FloatBuffer)target).Row(targetRow));
}
