using System;

namespace GenAi.MLNet.Core.Columns;

/// <summary>Zero-based class indices.</summary>
internal sealed class ClassBuffer(int capacity) : ColumnBuffer
{
    public int[] Values { get; } = new int[capacity];

    public override int Capacity => Values.Length;

    public override bool RowEquals(int row, ColumnBuffer other, int otherRow) => Values[row] == ((ClassBuffer)other).Values[otherRow];

    public override void CopyRow(int row, ColumnBuffer target, int targetRow) => ((ClassBuffer)target).Values[targetRow] = Values[row];
}
