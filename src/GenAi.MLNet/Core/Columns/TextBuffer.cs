using System;

namespace GenAi.MLNet.Core.Columns;

/// <summary>Text values.</summary>
internal sealed class TextBuffer(int capacity) : ColumnBuffer
{
    public string[] Values { get; } = new string[capacity];

    public override int Capacity => Values.Length;

    public override bool RowEquals(int row, ColumnBuffer other, int otherRow) => string.Equals(Values[row], ((TextBuffer)other).Values[otherRow], StringComparison.Ordinal);

    public override void CopyRow(int row, ColumnBuffer target, int targetRow) => ((TextBuffer)target).Values[targetRow] = Values[row];
}
