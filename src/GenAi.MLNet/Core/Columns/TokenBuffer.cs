using System;

namespace GenAi.MLNet.Core.Columns;

/// <summary>Token-id sequences of any length.</summary>
internal sealed class TokenBuffer(int capacity) : ColumnBuffer
{
    public long[][] Values { get; } = new long[capacity][];

    public override int Capacity => Values.Length;

    public override bool RowEquals(int row, ColumnBuffer other, int otherRow)
        => Values[row].AsSpan().SequenceEqual(((TokenBuffer)other).Values[otherRow]);

    public override void CopyRow(int row, ColumnBuffer target, int targetRow) => ((TokenBuffer)target).Values[targetRow] = Values[row];
}
