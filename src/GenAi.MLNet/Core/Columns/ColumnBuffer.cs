using System;

namespace GenAi.MLNet.Core.Columns;

/// <summary>The values of one column for a block of rows, as a family's code reads them.</summary>
internal abstract class ColumnBuffer
{
    /// <summary>Rows the buffer can hold.</summary>
    public abstract int Capacity { get; }

    /// <summary>True when row <paramref name="row"/> holds the same value as row <paramref name="otherRow"/> of <paramref name="other"/>.</summary>
    public abstract bool RowEquals(int row, ColumnBuffer other, int otherRow);

    /// <summary>Copies row <paramref name="row"/> into row <paramref name="targetRow"/> of <paramref name="target"/> (same kind and size).</summary>
    public abstract void CopyRow(int row, ColumnBuffer target, int targetRow);
}
